// Who is asking: Slack ids → the core's Caller. One cached users.info per user gives the display
// name (for leaderboards) and whether they administer the workspace (for /weekly).
import type { webApi } from '@slack/bolt';
import type { Caller } from '../../core/messages.js';
import type { Logger } from '../../logger.js';

export interface SlackWho {
  userId: string;
  teamId: string;
  channelId: string;
  /** The name Slack sent along, used if users.info fails. */
  userName?: string;
}

interface Profile {
  displayName: string;
  isAdmin: boolean;
  expires: number;
}

const PROFILE_TTL_MS = 10 * 60_000;

export class CallerDirectory {
  private readonly profiles = new Map<string, Promise<Profile>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly adminUsers: readonly string[],
    private readonly logger: Logger,
  ) {}

  async caller(who: SlackWho): Promise<Caller> {
    const profile = await this.profile(who);
    return {
      platform: 'slack',
      userId: who.userId,
      displayName: profile.displayName,
      isAdmin: profile.isAdmin || this.adminUsers.includes(who.userId),
      scopeId: who.teamId,
      channelId: who.channelId,
    };
  }

  private profile(who: SlackWho): Promise<Profile> {
    const cached = this.profiles.get(who.userId);
    if (cached) return cached.then((p) => (p.expires > Date.now() ? p : this.refresh(who)));
    return this.refresh(who);
  }

  private refresh(who: SlackWho): Promise<Profile> {
    const loading = this.lookUp(who);
    this.profiles.set(who.userId, loading);
    return loading;
  }

  private async lookUp(who: SlackWho): Promise<Profile> {
    try {
      const { user } = await this.client.users.info({ user: who.userId });
      const displayName = user?.profile?.display_name || user?.real_name || user?.name || who.userName || who.userId;
      return { displayName, isAdmin: Boolean(user?.is_admin || user?.is_owner), expires: Date.now() + PROFILE_TTL_MS };
    } catch (error) {
      this.logger.warn({ err: error, user: who.userId }, 'slack: users.info failed; treating the user as a member');
      // Retry soon rather than caching a failure for ten minutes.
      return { displayName: who.userName ?? who.userId, isAdmin: false, expires: Date.now() + 5_000 };
    }
  }
}
