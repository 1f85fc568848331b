// Package hashx holds the small hashing and encoding helpers that the bank
// protocol adapters (and their fake banks) share.
//
// Every Turkish virtual POS protocol signs its requests and callbacks with a
// digest of concatenated field values, but each picks its own combination of
// algorithm and text encoding:
//
//   - NestPay ver3, Tosla: Base64(SHA-512)
//   - NestPay legacy, PayFor, InterPOS, Kuveyt, Param: Base64(SHA-1)
//   - Garanti: upper-case hex of SHA-1 / SHA-512
//   - POSNET: Base64(SHA-256)
//   - Akbank JSON API: Base64(HMAC-SHA512)
//
// The helpers here are the building blocks for those formulas, for example
//
//	hashx.Base64(hashx.SHA512([]byte(plain)))
//	hashx.HexUpper(hashx.SHA1([]byte(password + terminalID)))
//
// Strings are hashed as their UTF-8 bytes unless a protocol says otherwise;
// ISO88599 gives the Turkish Latin-5 bytes of a string for the one protocol
// family (Param, as implemented by mewebstudio/pos) that hashes those.
//
// Signatures received from a bank or a browser must be compared with Equal,
// which runs in constant time.
//
// The package imports nothing else from this module.
package hashx
