package returncodes_test

import (
	"fmt"

	"github.com/sanalpos/vpos/returncodes"
)

func ExampleISOCode() {
	for _, raw := range []string{"00", "0051", "08", "43", "Q9", ""} {
		code, mapped := returncodes.ISOCode(raw)
		fmt.Printf("%q -> %s (%s) mapped=%v\n", raw, code, code.Category(), mapped)
	}
	// Output:
	// "00" -> approved (approved) mapped=true
	// "0051" -> declined_insufficient_funds (soft_decline) mapped=true
	// "08" -> refer_to_issuer (soft_decline) mapped=true
	// "43" -> pickup_lost_stolen (fraud_pickup) mapped=true
	// "Q9" -> declined_do_not_honor (soft_decline) mapped=false
	// "" -> timeout_unknown (technical) mapped=false
}

func ExampleCode_Message() {
	c := returncodes.PickupLostStolen
	fmt.Println(c.Message("en"))
	fmt.Println(c.Message("tr-TR"))
	fmt.Println(c.OperatorMessage("en"))
	// Output:
	// Your card was declined. Please contact your bank or use another card.
	// Kartınız onaylanmadı. Lütfen bankanızla görüşün veya başka bir kart kullanın.
	// Lost or stolen card, or pick-up order. Flag the card and block further attempts with it; never retry.
}

func ExampleTable_Lookup() {
	// One table per bank and field (returncodes.md §0 rule 2).
	errorCode := returncodes.Table{
		"CORE-2012": returncodes.InvalidCard,
		"CORE-2507": returncodes.DuplicateOrder,
	}
	code, ok := errorCode.Lookup("CORE-2507")
	if !ok {
		code, _ = returncodes.ISOCode("99")
	}
	fmt.Println(code, code.Retryable())
	// Output:
	// duplicate_order false
}

func ExampleParseCode() {
	c, err := returncodes.ParseCode("limit_exceeded")
	fmt.Println(c, err)
	_, err = returncodes.ParseCode("card_declined")
	fmt.Println(err)
	// Output:
	// limit_exceeded <nil>
	// returncodes: unknown code "card_declined"
}
