// Forbidden imports: a learner file may not take the kit's reference of the concept it implements.
// Three layers, each catching what the one before cannot:
//   1. before running, the source's imports are scanned (scan-imports.ts) against `def.forbidden`;
//   2. in the worker, a resolve hook refuses the forbidden module to learner code unless step 1
//      approved that very import (so `import('@dlfs/lay' + 'ers')` fails);
//   3. after loading, an export that IS the reference, or extends it, fails.
import { forbiddenImport, reusedReference } from './messages.js'
import { scanImports, type ImportRef } from './scan-imports.js'
import type { ExerciseDef, Text } from './types.js'

export type ForbiddenRule = ExerciseDef['forbidden'][number]

/** A forbidden import found in the source. */
export interface Violation {
  ref: ImportRef
  rule: ForbiddenRule
  message: Text
}

/** True when `specifier` names the rule's module or a path inside it ('@dlfs/layers/src/affine.ts'). */
export function matchesModule(specifier: string, module: string): boolean {
  return specifier === module || specifier.startsWith(`${module}/`)
}

/**
 * Scan a learner source against the exercise's rules. `approved` lists the specifiers of the
 * forbidden modules that the source imports in an allowed way (other names of a names-limited rule);
 * the worker's resolve hook lets exactly those through.
 */
export function checkImports(source: string, forbidden: readonly ForbiddenRule[]): { violations: Violation[]; approved: string[] } {
  const violations: Violation[] = []
  const approved: string[] = []
  for (const ref of scanImports(source)) {
    if (ref.specifier === null) continue // computed: the resolve hook decides at run time
    for (const rule of forbidden) {
      if (!matchesModule(ref.specifier, rule.specifier)) continue
      const hit = !rule.names ? [] : ref.names === '*' ? rule.names : ref.names.filter((n) => rule.names!.includes(n))
      if (rule.names && hit.length === 0) {
        approved.push(ref.specifier)
        continue
      }
      violations.push({ ref, rule, message: forbiddenImport(ref.specifier, rule.names ? hit : undefined, ref.line) })
    }
  }
  return { violations, approved }
}

/**
 * The run-time check: an export of the learner's module that is the reference's own object, or a
 * class extending the reference's class, is the reference in disguise.
 */
export function reusedExports(learner: Record<string, unknown>, reference: Record<string, unknown>, forbidden: readonly ForbiddenRule[]): Text | null {
  for (const [name, ref] of Object.entries(reference)) {
    if (ref === null || (typeof ref !== 'object' && typeof ref !== 'function')) continue
    const mine = learner[name]
    const specifier = (forbidden.find((r) => r.names?.includes(name)) ?? forbidden[0])?.specifier
    if (mine === ref) return reusedReference(name, 'same', specifier)
    const proto = (ref as { prototype?: unknown }).prototype
    const mineProto = typeof mine === 'function' ? (mine as { prototype?: unknown }).prototype : undefined
    if (typeof proto === 'object' && proto !== null && typeof mineProto === 'object' && mineProto !== null && proto.isPrototypeOf(mineProto)) {
      return reusedReference(name, 'extends', specifier)
    }
  }
  return null
}
