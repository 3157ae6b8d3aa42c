/** Keys of what the main step hands to the post step. */
export enum StateKey {
  StateDir = 'state-dir',
  Keep = 'keep',
}
