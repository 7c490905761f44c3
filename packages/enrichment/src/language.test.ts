import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language";

describe("detectLanguage", () => {
  it.each([
    ["English complaint", "hello my order never arrived, can I get a refund?", "en"],
    ["English question", "How do I reset my password", "en"],
    ["English praise", "Kudos to Dana from support 👏", "en"],
    ["English with a URL and mention", "@acme the link https://acme.example/o/123 is broken, please help", "en"],
    ["Hebrew", "שלום, ההזמנה שלי לא הגיעה", "he"],
    ["Hebrew with niqqud", "תּוֹדָה רַבָּה, הַשֵּׁרוּת הָיָה טוֹב מְאוֹד", "he"],
    ["Hebrew one word", "תודה", "he"],
    ["Hebrew with English brand names", "קניתי iPhone 15 Pro Max והוא לא עובד", "he"],
    ["Hebrew mostly brand names", "ה-Samsung Galaxy S24 שלי נשבר", "he"],
    ["Hebrew with emoji and hashtag", "#שירות_גרוע 😡😡 לא מזמינה יותר", "he"],
    ["Spanish", "Hola, mi pedido no llegó todavía, ¿me pueden ayudar?", "es"],
    ["French", "Bonjour, ma commande n'est pas arrivée, c'est très décevant", "fr"],
    ["German", "Wo ist meine Bestellung? Ich warte schon seit zwei Wochen", "de"],
    ["Arabic", "مرحبا، طلبي لم يصل بعد", "ar"],
    ["Persian letters", "سلام، سفارش من هنوز نرسیده", "fa"],
    ["Russian by its letters", "Привет, мой заказ не пришёл", "ru"],
    ["Ukrainian by its letters", "Привіт, моє замовлення ще не прийшло", "uk"],
  ])("%s", (_, text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each([
    ["emoji only", "😡😡😡"],
    ["heart and prayer", "❤️🙏"],
    ["too short", "ok"],
    ["too short Latin", "love it"],
    ["laughter", "lol"],
    ["only a link", "https://acme.example/orders/12345"],
    ["only mentions", "@dana @acme_support"],
    ["only digits", "12345 678"],
    ["empty", ""],
    ["short Cyrillic without a telling letter", "Где заказ"],
  ])("%s → undefined", (_, text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });

  it("only answers from the Latin languages it is allowed", () => {
    const text = "Il mio ordine non è ancora arrivato, sono molto deluso";
    expect(detectLanguage(text)).toBe("it");
    expect(detectLanguage(text, { latinLanguages: ["en", "es"] })).not.toBe("it");
  });
});
