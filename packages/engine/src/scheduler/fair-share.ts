/** What the fair share needs to know of a member: whose it is, and how it ranks among that team's members. */
export interface ShareMember {
  readonly team: string;
  /** Higher first among the team's members; read once, when the member is added. */
  readonly priority: number;
}

/** A team's members of one priority, taken in turn. */
interface PriorityGroup<M> {
  readonly priority: number;
  readonly members: M[];
  next: number;
}

/** One team's members on a lane, highest priority first. */
interface TeamShare<M> {
  readonly team: string;
  /** Sorted by priority, highest first; a group is removed when its last member leaves. */
  readonly groups: PriorityGroup<M>[];
}

/**
 * Who gets a lane's next slot: round-robin over teams first, then, within the team whose turn it is, its
 * highest-priority member that can start, round-robin among members of equal priority. A team that cannot start
 * anything now (its batches at their concurrency, paused or rate-limited) is passed over, so every slot is used, and
 * its turn comes back on the next round. Priorities therefore only order a team's own batches: a team's
 * high-priority batch never takes slots from another team.
 *
 * Invariant: every member is in exactly one group of exactly one team, and no team or group is empty. The cursors
 * are positions in those arrays, kept in range when members leave.
 */
export class FairShare<M extends ShareMember> {
  readonly #teams: TeamShare<M>[] = [];
  #nextTeam = 0;
  #size = 0;

  /** `canStart` is asked of candidates in turn until one says yes. */
  constructor(private readonly canStart: (member: M) => boolean) {}

  get size(): number {
    return this.#size;
  }

  /** Every member (any order). */
  *[Symbol.iterator](): IterableIterator<M> {
    for (const team of this.#teams) for (const group of team.groups) yield* group.members;
  }

  has(member: M): boolean {
    return this.#groupOf(member)?.members.includes(member) ?? false;
  }

  add(member: M): void {
    if (this.has(member)) return;
    let team = this.#teams.find((t) => t.team === member.team);
    if (!team) {
      // A team that arrives takes the next turn: it has had none of the lane yet (the one served last may have
      // been the only team, and would otherwise go again).
      team = { team: member.team, groups: [] };
      this.#teams.splice(this.#nextTeam, 0, team);
    }
    let group = team.groups.find((g) => g.priority === member.priority);
    if (!group) {
      group = { priority: member.priority, members: [], next: 0 };
      const at = team.groups.findIndex((g) => g.priority < member.priority);
      team.groups.splice(at === -1 ? team.groups.length : at, 0, group);
    }
    group.members.push(member);
    this.#size++;
  }

  remove(member: M): void {
    const t = this.#teams.findIndex((team) => team.team === member.team);
    const team = this.#teams[t];
    if (!team) return;
    const g = team.groups.findIndex((group) => group.priority === member.priority);
    const group = team.groups[g];
    const i = group ? group.members.indexOf(member) : -1;
    if (!group || i === -1) return;
    group.members.splice(i, 1);
    this.#size--;
    if (group.next > i) group.next--;
    if (group.next >= group.members.length) group.next = 0;
    if (group.members.length > 0) return;
    team.groups.splice(g, 1);
    if (team.groups.length > 0) return;
    this.#teams.splice(t, 1);
    if (this.#nextTeam > t) this.#nextTeam--;
    if (this.#nextTeam >= this.#teams.length) this.#nextTeam = 0;
  }

  /** The member that gets the next slot, or undefined when none can start. Moves the turns past it. */
  pick(): M | undefined {
    const teams = this.#teams;
    const n = teams.length;
    for (let k = 0; k < n; k++) {
      const t = (this.#nextTeam + k) % n;
      const member = this.#pickIn(teams[t]!);
      if (member === undefined) continue;
      this.#nextTeam = (t + 1) % n;
      return member;
    }
    return undefined;
  }

  #pickIn(team: TeamShare<M>): M | undefined {
    for (const group of team.groups) {
      const members = group.members;
      const n = members.length;
      for (let k = 0; k < n; k++) {
        const i = (group.next + k) % n;
        const member = members[i]!;
        if (!this.canStart(member)) continue;
        group.next = (i + 1) % n;
        return member;
      }
    }
    return undefined;
  }

  #groupOf(member: M): PriorityGroup<M> | undefined {
    return this.#teams.find((t) => t.team === member.team)?.groups.find((g) => g.priority === member.priority);
  }
}
