/**
 * Emoji valence over `emoji-emotion` (a key here replaces its rating), same −5..+5 scale.
 *
 * emoji-emotion predates several emoji common in care threads (🤬 🥰 🤩 🤮) and rates a few by
 * their face rather than their use: 🤡 and 😤 are scorn and exasperation when aimed at a brand.
 */
export const emojiSupplement: Readonly<Record<string, number>> = {
  "🤬": -4,
  "🤮": -3,
  "🤡": -2,
  "😤": -2,
  "🥰": 3,
  "🤩": 3,
  "🥳": 3,
  "🧡": 3,
  "🤍": 3,
  "💪": 2,
  "🔥": 2,
  "⭐": 1,
  "🌟": 2,
  "🥺": -1,
  "😠": -3,
  "👎": -3,
};
