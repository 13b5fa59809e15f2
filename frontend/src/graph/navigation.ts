/**
 * Keyboard navigation between drawn nodes: from one node, the nearest node in a direction
 * (by the centres of their rectangles, the off-axis distance weighing double), so the
 * arrow keys walk the drawing the way it looks, across groups. Open groups are reached
 * by their header.
 */
import type { Rect } from "./render";

export type Direction = "up" | "down" | "left" | "right";

function anchor(rect: Rect, isFrame: boolean): { x: number; y: number } {
  // An open group's header is its clickable part: navigate to and from it.
  return isFrame
    ? { x: rect.x + rect.width / 2, y: rect.y + 10 }
    : { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

/**
 * The id of the nearest node from `from` in `direction`, or null when none lies that way.
 * With no `from`, the node nearest the drawing's top-left corner.
 */
export function nearestInDirection(
  rects: Iterable<[string, Rect]>,
  from: string | null,
  direction: Direction,
  isFrame: (id: string) => boolean,
): string | null {
  const all = [...rects];
  if (all.length === 0) return null;
  const start = from === null ? undefined : all.find(([id]) => id === from);
  if (start === undefined) {
    let best: string | null = null;
    let bestScore = Infinity;
    for (const [id, rect] of all) {
      if (isFrame(id)) continue;
      const score = rect.y * 2 + rect.x;
      if (score < bestScore) [best, bestScore] = [id, score];
    }
    return best ?? all[0][0];
  }
  const origin = anchor(start[1], isFrame(start[0]));
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [id, rect] of all) {
    if (id === from) continue;
    const point = anchor(rect, isFrame(id));
    const dx = point.x - origin.x;
    const dy = point.y - origin.y;
    const along = direction === "down" ? dy : direction === "up" ? -dy : direction === "right" ? dx : -dx;
    const across = direction === "down" || direction === "up" ? Math.abs(dx) : Math.abs(dy);
    if (along <= 1) continue;
    const score = along + 2 * across;
    if (score < bestScore) [best, bestScore] = [id, score];
  }
  return best;
}
