package vpos

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sanalpos/vpos/returncodes"
)

func TestErrorIs(t *testing.T) {
	e := &Error{Code: Declined, Op: OpSale, OrderID: "A1", Return: returncodes.InsufficientFunds, BankCode: "51", BankMessage: "Yetersiz bakiye"}
	wrapped := fmt.Errorf("checkout: %w", e)
	if !errors.Is(wrapped, ErrDeclined) {
		t.Errorf("errors.Is(ErrDeclined) = false")
	}
	if errors.Is(wrapped, ErrUnknownOutcome) {
		t.Errorf("errors.Is(ErrUnknownOutcome) = true for a decline")
	}
	if got, want := e.Error(), "vpos: sale order A1 declined: bank said 51 Yetersiz bakiye (declined_insufficient_funds)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	c := &Error{Code: Canceled, Err: context.DeadlineExceeded}
	if !errors.Is(c, context.DeadlineExceeded) || !errors.Is(c, ErrCanceled) {
		t.Errorf("canceled error does not match both context.DeadlineExceeded and ErrCanceled")
	}
	if CodeOf(nil) != "" || CodeOf(wrapped) != Declined || CodeOf(errors.New("x")) != UnknownOutcome {
		t.Errorf("CodeOf mismatch")
	}
	// Two non-sentinel errors with the same code are not "Is" each other.
	if errors.Is(e, &Error{Code: Declined}) {
		t.Errorf("errors.Is matched a non-sentinel")
	}
}

func TestErrorCodeFor(t *testing.T) {
	tests := map[returncodes.Code]ErrorCode{
		returncodes.InsufficientFunds:       Declined,
		returncodes.PickupLostStolen:        Declined,
		returncodes.ThreeDSFailed:           Declined,
		returncodes.InvalidTransactionState: Declined,
		returncodes.NotFound:                NotFound,
		returncodes.DuplicateOrder:          Duplicate,
		returncodes.InvalidRequest:          InvalidRequest,
		returncodes.AuthError:               Auth,
		returncodes.MerchantConfigError:     Auth,
		returncodes.SystemError:             Unavailable,
		returncodes.IssuerUnavailable:       Unavailable,
		returncodes.TimeoutUnknown:          UnknownOutcome,
		"":                                  UnknownOutcome,
	}
	for rc, want := range tests {
		if got := ErrorCodeFor(rc); got != want {
			t.Errorf("ErrorCodeFor(%q) = %q, want %q", rc, got, want)
		}
	}
}
