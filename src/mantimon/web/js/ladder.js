// ladder.js — the ranked ladder (`/?ladder`): the leaderboard and one's own rating history.
//
// What lives here: the ladder screen (a page of the public leaderboard from /api/ladder,
// with the signed-in player's row highlighted; their rating, and the rating after each of
// their ranked games as a small inline SVG line chart, from /api/users/{id}/ratings) and
// `ratingChart(history)`. Ratings are the server's (Glicko-2, docs/LADDER.md): this only
// draws them. What must not: matchmaking (start.js queues a ranked match) or game drawing.

import * as api from "./api.js";
import { h, s, fill } from "./dom.js";
import { errorToast } from "./toast.js";
import { loadSession } from "./store.js";

const PAGE = 25;

/** A whole number for a rating ("1523"). */
const whole = (x) => String(Math.round(x));

/** The rating after each game (starting from the first game's rating before it) as an
 * inline SVG line chart with a text alternative; null before the first ranked game. */
export function ratingChart(history, { width = 320, height = 96 } = {}) {
  if (!history.length) return null;
  const points = [history[0].before, ...history.map((c) => c.after)];
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  const span = Math.max(hi - lo, 20);
  const pad = 14;
  const left = 40; // room for the first rating's label
  const x = (i) => left + (i * (width - left - pad)) / Math.max(points.length - 1, 1);
  const y = (v) => height - pad - ((v - (lo + hi - span) / 2) * (height - 2 * pad)) / span;
  const path = points.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = points[points.length - 1];
  const summary = `Rating history: from ${whole(points[0])} to ${whole(last)} over ${history.length} ranked game${history.length === 1 ? "" : "s"}.`;
  return s(
    "svg",
    { class: "rating-chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": summary },
    s("title", {}, summary),
    s("line", { class: "rating-chart-base", x1: left, x2: width - pad, y1: y(points[0]).toFixed(1), y2: y(points[0]).toFixed(1) }),
    s("text", { class: "rating-chart-label", x: left - 8, y: (y(points[0]) + 4).toFixed(1), "text-anchor": "end" }, whole(points[0])),
    s("path", { class: "rating-chart-line", d: path }),
    points.map((v, i) =>
      s("circle", { class: i && history[i - 1].score === 1 ? "rating-chart-win" : i && history[i - 1].score === 0 ? "rating-chart-loss" : "rating-chart-dot", cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 4.5 }),
    ),
  );
}

export class LadderScreen {
  constructor(root, { go, offset = 0 }) {
    this.root = root;
    this.go = go;
    this.offset = Math.max(0, Number.parseInt(offset, 10) || 0);
  }

  destroy() {
    this.dead = true;
  }

  async start() {
    fill(this.root, h("p", { class: "loading" }, "Loading the ladder…"));
    const me = loadSession()?.user;
    try {
      const [board, mine] = await Promise.all([
        api.ladder(PAGE, this.offset),
        me ? api.ratingsOf(me.id).catch(() => null) : null,
      ]);
      if (this.dead) return;
      this.render(board, mine, me);
    } catch (err) {
      errorToast(err.code, err.message);
      fill(this.root, h("p", { class: "loading" }, "The ladder cannot be loaded. Reload to try again."));
    }
  }

  render(board, mine, me) {
    fill(
      this.root,
      h(
        "div",
        { class: "ladder" },
        h(
          "div",
          { class: "ladder-head" },
          h("h1", {}, "The ladder"),
          h("button", { type: "button", class: "link-btn", onclick: () => this.go({}) }, "Start page"),
        ),
        h("p", { class: "muted" }, "Ranked matches move your rating (Glicko-2). Everyone starts at 1500; the ± is how sure the rating is, and it narrows as you play."),
        this.mePanel(mine, me),
        this.table(board, me),
      ),
    );
  }

  mePanel(mine, me) {
    if (!me) return null;
    const rating = mine?.rating;
    const body = rating
      ? [
          h("p", { class: "ladder-me-rating" }, h("span", { class: "ladder-big", dataset: { myRating: whole(rating.rating) } }, whole(rating.rating)), ` ± ${whole(rating.rd)} after ${rating.games} ranked game${rating.games === 1 ? "" : "s"}`),
          ratingChart(mine.history),
          this.lastGame(mine.history),
        ]
      : h("p", { class: "muted" }, "You have no rating yet: play a ranked match from the start page.");
    return h("section", { class: "panel ladder-me", "aria-labelledby": "ladder-me-title" }, h("h2", { id: "ladder-me-title" }, `${me.name}'s rating`), body);
  }

  lastGame(history) {
    const last = history[history.length - 1];
    if (!last) return null;
    const delta = last.after - last.before;
    const outcome = last.score === 1 ? "won" : last.score === 0 ? "lost" : "drew";
    const sign = delta >= 0 ? "+" : "−";
    return h("p", { class: ["ladder-last", delta >= 0 ? "up" : "down"] }, `Last ranked game: ${outcome}, ${sign}${whole(Math.abs(delta))} (${whole(last.before)} → ${whole(last.after)})`);
  }

  table(board, me) {
    if (!board.total) {
      return h("section", { class: "panel" }, h("p", {}, "Nobody is rated yet: the first ranked match puts two players on the ladder."));
    }
    const rows = board.players.map((p) => {
      const mine = me && p.user_id === me.id;
      return h(
        "tr",
        { class: mine ? "ladder-mine" : null, "aria-current": mine ? "true" : null, dataset: { userId: p.user_id } },
        h("td", { class: "num" }, p.rank),
        h("th", { scope: "row" }, p.name, mine ? h("span", { class: "ladder-you" }, " (you)") : null),
        h("td", { class: "num" }, whole(p.rating)),
        h("td", { class: "num" }, `± ${whole(p.rd)}`),
        h("td", { class: "num" }, p.games),
      );
    });
    const last = Math.min(board.offset + board.players.length, board.total);
    const pager = board.total <= PAGE && board.offset === 0 ? null : h(
      "nav",
      { class: "ladder-pager", "aria-label": "Ladder pages" },
      h("button", { type: "button", class: "btn btn-small", disabled: board.offset <= 0, onclick: () => this.go({ ladder: String(Math.max(0, board.offset - PAGE)) }) }, "Previous"),
      h("span", { class: "muted" }, `${board.offset + 1}–${last} of ${board.total}`),
      h("button", { type: "button", class: "btn btn-small", disabled: last >= board.total, onclick: () => this.go({ ladder: String(board.offset + PAGE) }) }, "Next"),
    );
    return h(
      "section",
      { class: "panel", "aria-labelledby": "ladder-title" },
      h("h2", { id: "ladder-title" }, "Leaderboard"),
      h(
        "table",
        { class: "ladder-table" },
        h("caption", { class: "sr-only" }, "Ranked players, highest rating first"),
        h("thead", {}, h("tr", {}, ["Rank", "Player", "Rating", "RD", "Games"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows),
      ),
      pager,
    );
  }
}
