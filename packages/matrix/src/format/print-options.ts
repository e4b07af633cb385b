/** numpy's default print options (`np.get_printoptions()`), the only ones `formatArray` implements. */
export const printOptions = {
  /** Digits after the decimal point at most. */
  precision: 8,
  /** Arrays with more elements than this are summarised with '...'. */
  threshold: 1000,
  /** Items kept at each end of a summarised axis. */
  edgeitems: 3,
  /** Characters per line before wrapping. */
  linewidth: 75,
} as const
