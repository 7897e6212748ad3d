/** How long until something expires, for a countdown a person reads at a glance. */

/** "1 h 05 min", "9:41", "0:07"; past the end "expired". Days once it is that far. */
export function formatCountdown(remainingMs: number): string {
  if (remainingMs <= 0) return 'expired';
  const totalSeconds = Math.ceil(remainingMs / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  if (days >= 2) return `${days} days`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** "Expires in 9:41", or "Expired". */
export function expiryLabel(expiresAt: number, now: number): string {
  const remaining = expiresAt - now;
  return remaining <= 0 ? 'Expired' : `Expires in ${formatCountdown(remaining)}`;
}

/** Whether the last minute has begun: the countdown then asks for attention. */
export function expiresSoon(expiresAt: number, now: number): boolean {
  const remaining = expiresAt - now;
  return remaining > 0 && remaining <= 60_000;
}
