package payflex

import "github.com/sanalpos/vpos/internal/hashx"

// cpHashConstant is the fixed suffix of the Common Payment v4 HashedData
// (payflex.md §9; hard-coded in mewebstudio, marked "todo" there).
const cpHashConstant = "VBank3DPay2014"

// CPHash returns the Common Payment v4 HashedData of payflex.md §9:
// Base64(SHA1(HostMerchantId + AmountCode + Amount + MerchantPassword + ""
// + "VBank3DPay2014")), Amount formatted as sent ("10.10") and AmountCode
// numeric ("949").
func CPHash(hostMerchantID, amountCode, amount, merchantPassword string) string {
	return hashx.Base64(hashx.SHA1([]byte(hostMerchantID + amountCode + amount + merchantPassword + cpHashConstant)))
}
