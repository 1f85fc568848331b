// Package httpx is the HTTP client every bank adapter uses: a pooled
// net/http client wrapped in github.com/hashicorp/go-retryablehttp with a
// retry policy that is safe for payments.
//
// # Money moves at most once
//
// Turkish bank APIs have no idempotency keys, so a money-moving request
// (sale, pre-auth, capture, void, refund, 3-D provisioning) must never reach
// the bank twice. Do therefore distinguishes two kinds of request:
//
//   - Non-idempotent requests (Request.Idempotent false, the default) are
//     retried only when the attempt provably never left this process: no
//     connection was obtained because DNS failed, the dial failed or was
//     refused, the TLS handshake failed, or the attempt timed out while still
//     connecting. Once a connection has been handed to the request, the
//     attempt counts as sent — even if not a byte was written yet — and any
//     failure after that (timeout, reset, EOF, malformed reply, HTTP 5xx) is
//     returned at once. This is the conservative marker: the httptrace
//     GotConn event (and, as a backstop, WroteHeaders, WroteRequest and
//     GotFirstResponseByte) marks an attempt as sent.
//   - Idempotent requests (status and history queries) are retried on any
//     transport error, on HTTP 5xx (except 501) and on 429, with exponential
//     backoff and jitter (honouring Retry-After up to RetryWaitMax), up to
//     Config.RetryMax extra attempts, for as long as the context allows.
//
// An error from Do wraps ErrNotSent exactly when no attempt of the request
// left (Sent reports the opposite); callers map every other failure of a
// money-moving request to "unknown outcome" and ask the bank for the status.
// A TLS handshake failure counts as not sent: the handshake precedes every
// byte of the request. Requests rejected before any attempt (a bad URL, a
// forbidden method) are not sent either.
//
// # What net/http itself may resend
//
// Go's transport silently resends a request on a dead keep-alive connection
// only when it is "replayable": a GET/HEAD/OPTIONS/TRACE, or one carrying an
// Idempotency-Key or X-Idempotency-Key header — or when nothing at all was
// written. Do refuses those methods and headers on non-idempotent requests,
// and it hides the request's GetBody from the transport for them, which also
// turns off the HTTP/2 transport's resend of a request whose stream the
// server reset. What remains are resends of requests that never left, which
// are harmless.
//
// # Timeouts, errors, bodies
//
// Each attempt has its own deadline (Request.Timeout, else Config.Timeout,
// else 30s) covering connect, request, response headers and body. A timed-out
// attempt fails with an error that is a net.Error with Timeout() true and
// matches context.DeadlineExceeded. Cancelling ctx ends Do at once with an
// error matching context.Canceled (or context.DeadlineExceeded).
//
// Responses are read completely (at most MaxBodySize bytes, else
// ErrBodyTooLarge) and closed, so connections are reused. A status of 500 or
// more returns both the *Response and a *StatusError; any lower status
// returns the *Response and no error. Redirects are not followed by the
// client NewHTTPClient builds: the 3xx reply is returned as it is.
//
// # No logging
//
// Nothing here logs: retryablehttp's Logger is nil and bodies are never
// written anywhere. Error messages carry the request URL without its query.
//
// The package imports nothing else from this module.
package httpx
