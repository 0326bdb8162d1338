/**
 * The platform: the in-cluster components the serving path needs (components.ts:
 * charts, tested versions, floors), the props (props.ts), the rules (resolve.ts),
 * the plan both engines render (plan.ts) and the checks services make against it
 * (checks.ts).
 */
export * from './components';
export * from './props';
export * from './resolve';
export * from './plan';
export * from './checks';
