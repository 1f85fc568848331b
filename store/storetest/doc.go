// Package storetest is the conformance suite for vpos.Store
// implementations. Every store (vpos.NewMemoryStore, store/sqlite,
// store/postgres, or an ERP's own) passes Run:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) vpos.Store {
//			s, err := mystore.Open(...)
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Run calls newStore once per subtest; each call must return an empty
// store. The suite covers:
//
//   - Create, Get and Update: ID, CreatedAt and UpdatedAt set by the store,
//     a non-zero CreatedAt given by the caller kept (imports, tests), events
//     appended, CreatedAt kept by Update, records passed in and returned
//     being copies;
//   - the unique key (Company, POS, OrderID, Op, Seq): a duplicate fails
//     with vpos.ErrStoreDuplicate, another operation or refund sequence of
//     the same order is allowed; Update from a wrong expected status fails
//     with vpos.ErrStoreConflict and changes nothing; unknown ids give
//     vpos.ErrStoreNotFound;
//   - AddEvent, FindOrder (oldest first), FindBankID;
//   - List: every filter checked against vpos.ListFilter.Matches, date
//     ranges built with vpos.IstanbulDay around Istanbul midnight (records on
//     another UTC day than their Istanbul day), newest first, the default
//     page size, keyset cursors that stay stable while records are inserted
//     and updated between pages, ties of CreatedAt, malformed cursors;
//   - concurrency: many writers, 20 goroutines creating one key (exactly one
//     wins), 20 goroutines racing pending3d -> approved (exactly one
//     compare-and-swap wins), concurrent AddEvent;
//   - a round trip of every field: Amount extremes, Turkish text, zero
//     times, every status, source and event kind;
//   - card data: records written the way the Client writes them (masked PAN,
//     free text through the redactor) round-trip exactly as given, and no
//     record read back holds a full card number or a CVV; a Client driven
//     against the store with the fake bank's cards leaves none either;
//   - canceled contexts: every method fails with context.Canceled and writes
//     nothing.
//
// Times: stores may keep times to the microsecond (PostgreSQL's timestamptz),
// so the times the suite writes are whole microseconds and store-set times
// are compared with what the store reported back. Times come back equal
// (time.Time.Equal), not necessarily in the same location.
//
// RunBenchmarks measures write throughput (sequential and parallel Create,
// Update) and List latency over a seeded store.
package storetest
