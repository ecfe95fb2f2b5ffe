// Friendly wording of a future moment ("in 10 minutes", "tomorrow", "on 3 December").
export function describeWhen(targetMs: number, nowMs: number, todayEndMs: number): string {
  const minutes = Math.max(0, Math.round((targetMs - nowMs) / 60_000));
  if (targetMs < todayEndMs) {
    if (minutes < 1) return 'in less than a minute';
    if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
    const hours = Math.round(minutes / 60);
    return `in about ${hours} hour${hours === 1 ? '' : 's'}`;
  }
  if (targetMs < todayEndMs + 86_400_000) return 'tomorrow';
  return `on ${new Date(targetMs).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })}`;
}
