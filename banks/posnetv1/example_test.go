package posnetv1_test

import (
	"fmt"

	"github.com/sanalpos/vpos/banks/posnetv1"
)

// The 3-D Secure form MAC of posnet.md §10's worked example.
func ExampleFormMAC() {
	fmt.Println(posnetv1.FormMAC("6700950031", "67540050", "5400619360964581", "056", "2001", "175", "10,10,10,10,10,10,10,10"))
	// Output: xuhPbpcPJ6kVs7JeIXS8f06Cv0mb9cNPMfjp1HiB7Ew=
}
