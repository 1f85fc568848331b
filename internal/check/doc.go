// Package check is shared plumbing for protocol Config validation: digit,
// letter and URL checks and secret masking. It imports nothing of ours.
package check
