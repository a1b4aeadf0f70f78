// errors.js — what each error code means, in words a player understands.
//
// What lives here: the wire protocol's error codes (docs/PROTOCOL.md §6) and the REST
// codes, each with one readable sentence; toasts show it above the server's own message.

const MEANINGS = {
  authentication_failed: "Your sign-in is no longer valid. Enter your name again to get a new one.",
  connection_closed: "This game was opened in another tab or window, so this one stopped receiving it.",
  rate_limited: "Too many moves too fast: the last one was dropped. Slow down a little.",
  game_not_found: "That game does not exist. Check the link.",
  not_in_game: "You do not hold a seat in this game.",
  already_in_game: "You already hold a seat in this game.",
  game_full: "Both seats of this game are taken. You can still watch it.",
  game_ended: "The game is over: no more moves can be made.",
  invalid_action: "That move is not possible: a card or target it names is not there any more.",
  not_your_turn: "It is not your turn: wait for your opponent.",
  action_not_allowed: "That move is not allowed at this moment (for example a second supporter this turn, or before both players are seated).",
  invalid_message: "The server could not read a message from this page (a bug in the page).",
  unknown_message_type: "The server did not know a message this page sent (a bug in the page).",
  internal_error: "The server failed while handling that. Try again.",
  invalid_deck: "That deck is not legal for these rules.",
  deck_not_found: "That saved deck is not there any more.",
  unknown_deck: "That starter deck does not exist for these rules.",
  unknown_bot: "That bot does not exist on this server.",
  unknown_preset: "Those rules do not exist on this server.",
  invalid_request: "The server did not accept that request.",
  network_error: "The server cannot be reached. Is it running?",
  game_not_finished: "That game has not ended yet.",
  too_many_games: "You already have as many games open as allowed: finish, resign or cancel one first.",
  game_cancelled: "The player who made that game cancelled it.",
  invite_expired: "That invitation has expired: nobody took the seat in time. Ask for a new link.",
  game_started: "That game has already started: it can be resigned, not cancelled.",
  not_game_creator: "Only the player who made that game can cancel it.",
  registration_required: "Ranked games are for registered players: create an account (your guest games and decks come with you).",
  already_registered: "This account is already registered.",
  username_taken: "That name is taken: choose another.",
  user_not_found: "There is no such player.",
  not_found: "That is not there.",
  card_not_found: "That card does not exist.",
  replay_unavailable: "That game has no replay yet: replays open when a game ends.",
  unknown_perspective: "That replay cannot be shown from that seat.",
  no_rematch: "A rematch is only for a finished game between two people.",
  rematch_declined: "Your opponent declined the rematch.",
  campaign_not_started: "Begin the campaign first.",
  campaign_started: "Your campaign has already begun.",
  duelist_not_found: "That duelist is not in the campaign.",
  duelist_locked: "That duelist cannot be challenged yet: beat the ones before first.",
  cards_not_owned: "That deck uses cards you do not own yet: open packs to collect them.",
  no_pack: "You have no unopened pack.",
};

/** One sentence explaining `code` (a fallback for codes this page does not know). */
export function meaning(code) {
  return MEANINGS[code] || `The server refused that (${code}).`;
}

/** How a game ended, as a sentence (GameEndReason values). */
export function endReasonText(reason, { winner, prizes } = {}) {
  switch (reason) {
    case "points":
      return `${winner ?? "A player"} reached the points needed to win.`;
    case "prizes":
      return `${winner ?? "A player"} took all ${prizes ? "their" : "the"} prize cards.`;
    case "no_creatures":
      return "A player had no creature left in play.";
    case "deck_out":
      return "A player could not draw a card at the start of their turn.";
    case "turn_limit":
      return "The turn limit was reached: the player with more points wins.";
    case "resignation":
      return "A player resigned.";
    case "timeout":
      return "A player ran out of time three turns in a row.";
    default:
      return reason ? `The game ended (${reason}).` : "The game ended.";
  }
}
