// Package reconcile compares the transactions a merchant stored (a
// vpos.Store, or any slice) with the bank's own records (Client.History, or
// a report file exported from the bank's merchant portal) and says where
// they differ: the end-of-day reconciliation of a virtual POS.
//
// # Matching
//
// A Matcher takes the bank's rows first (AddBank), then streams the local
// records (AddLocal); Finish returns the Report. Rows are paired by the
// first key that finds a partner, in this order:
//
//  1. the bank transaction id (Transaction.BankTransactionID against
//     BankTransaction.TransactionID);
//  2. order id + operation (refunds of one order pair by amount, then in
//     turn);
//  3. the RRN;
//  4. the authorisation code together with amount and currency.
//
// Every pair says which key matched (Item.Key). Matching is O(n): hash maps
// over the bank rows, no pairwise comparison; a matched local record is not
// kept unless Options.KeepMatched asks for it, so memory is dominated by
// the bank side. Output order is deterministic (category, time, order id,
// operation, ids).
//
// # Categories
//
// matched; missing at the bank (a local approved, voided or refunded
// record the bank does not list); missing locally (a booked bank row with
// no local record); amount mismatch; currency mismatch; status mismatch
// (voided or refunded on one side only, refunded amounts that differ,
// a local pending or declined record the bank booked); duplicates on either
// side (the same bank transaction id twice, or a second approved sale,
// pre-authorisation, capture or void of one order). Every pair and every
// unpaired row is reported exactly once: a sale that is voided at the bank
// only is one "missing locally" void row, not also a status mismatch of
// the sale (the sale's difference follows from the missing void, and
// entering the void settles both).
//
// Declined and failed attempts take part in matching but an unpaired one
// is not a discrepancy (no money moved); it is counted in Report.Skipped,
// as are local pending3d and unknown records (vpos.Resolver settles those).
//
// # Periods
//
// Options.From and To bound the period (use vpos.IstanbulDay: Turkish
// banks close their days in Europe/Istanbul). Inputs may reach
// Options.Tolerance beyond both ends, so that a payment stored at 23:59:59
// and booked by the bank at 00:00:01 still pairs; a pair belongs to the
// period of its bank time, an unpaired row to the period of its own time,
// so every row is reported on exactly one day.
//
// # Protocols without a date-range report
//
// NestPay answers only per order (ORDERSTATUS, ORDERHISTORY); its bank
// records come from the merchant portal's export file. For local records
// the file does not list, Options.Checker (StatusChecker wraps
// Client.Status) asks the bank about the order, so that "missing at the
// bank" is only reported when the bank really does not know it.
//
// # Acting on a report
//
// Apply enters the missing-locally rows into the Store (Source
// vpos.SourceReconcile, CreatedAt the bank's time, an EventNote naming the
// operator and the reason; an entered void or refund also updates the
// order's sale as the Client would have), and adds a review note
// (EventNote) to every local record in a mismatch, duplicate or
// missing-at-the-bank item. It never deletes, and applying the same report
// again changes nothing.
//
// # Bank report files
//
// ReadCSV (and ParseCSV) and ReadXLSX (and ParseXLSX) read a bank's export
// with a Mapping; ReadFile picks one by the file's extension (.csv and
// .txt, or .xlsx), as `vpos reconcile --bank-file` does. A Mapping gives the
// delimiter (CSV) or worksheet (XLSX), header name per field, date format
// and zone, decimal separator, and the bank's words for statuses and
// operations, written in a small YAML file (LoadMapping, ParseMapping), so
// that a new bank's format needs no code. ReadXLSX documents how numeric
// cells and Excel date serials are read.
// Two mappings ship embedded (Builtin): "generic", the columns `vpos tx
// export` writes (WriteGenericCSV), and "nestpay", the NestPay merchant
// portal's transaction export. The NestPay portal's column layout is not
// public (nestpay.md §8): the shipped mapping is a plausible design (Turkish
// headers, ';' delimiter, decimal comma, dd.MM.yyyy HH:mm:ss Istanbul time),
// and the fake bank's nestpaytest.Server.PortalExport writes exactly that
// layout. Adjust it with a YAML file of your own once you have a real
// export.
//
// # Output
//
// Report.WriteJSON, WriteCSV and WriteText (counts and totals per category
// and currency; amounts as decimals, never floats).
package reconcile
