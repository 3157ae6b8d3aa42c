/** Keys of what the main step hands to the post step. */
export enum StateKey {
  StateDir = 'state-dir',
  Keep = 'keep',
  /** Files the main step wrote that only the post step may remove (the ssh key). */
  OwnedFiles = 'owned-files',
}
