// Package xmlx holds the github.com/beevik/etree helpers shared by the XML
// bank protocols (NestPay CC5Request, Garanti GVPSRequest, POSNET, PayFor,
// PayFlex, Kuveyt Türk) and their fake banks.
//
// Several banks declare and use a legacy single-byte charset: NestPay and
// POSNET write and expect ISO-8859-9 (Turkish Latin-5), some Kuveyt Türk
// clients send ISO-8859-1, and Windows-1254 shows up in the wild. Decode
// turns any of these into an etree document holding UTF-8 strings, and Encode
// writes a document back out in the charset a bank expects, so adapter code
// only ever handles UTF-8.
//
// Charset decisions:
//   - Decode honours the encoding named in the XML declaration (UTF-8,
//     ISO-8859-9, Windows-1254, ISO-8859-1, Windows-1252, US-ASCII and UTF-16
//     are understood). A body that declares a single-byte charset but is in
//     fact valid UTF-8 containing non-ASCII characters is read as UTF-8:
//     servers that mislabel their replies exist, while Turkish Latin-5 text
//     that happens to form valid multi-byte UTF-8 is practically impossible.
//     A "utf-16" declaration on a body without a byte-order mark is likewise
//     read as UTF-8 (Kuveyt Türk replies do this), and a body that names no
//     charset and is not valid UTF-8 is read as ISO-8859-9.
//   - Encode writes characters the target charset cannot hold as XML
//     character references (&#x20AC;), which keeps the document lossless;
//     this is only valid in text and attribute values, which is where such
//     characters occur in bank messages.
//
// The package imports nothing else from this module.
package xmlx
