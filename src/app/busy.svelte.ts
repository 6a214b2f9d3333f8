/** True while an interview or twin reply is in progress: the update toast waits for it. */
export class Busy {
  value = $state(false);
}
