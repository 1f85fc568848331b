// Package posnetv1 is the vpos adapter for Albaraka Türk's POSNET V1 JSON
// virtual POS (posnet.md §10, §12): non-3D sale, pre-authorisation (Auth)
// and capture (Capture), void (Reverse), full, partial and multiple
// refunds (Return), status (TransactionInquiry) and 3-D Secure in the 3d
// model.
//
// # Wire format
//
// Every call is a POST of a JSON object to Endpoint.API + "/" + the
// operation (Sale, Auth, Capture, Reverse, Return, TransactionInquiry),
// with ApiType "JSON", ApiVersion "V100", MerchantNo, TerminalNo,
// MACParams and MAC. Amounts are integer kuruş, currencies the two-letter
// POSNET codes (TL, US, EU; GB, JP, RU with Config.Currencies),
// InstallmentCount "0" for a single payment. A financial reply is approved
// exactly when ServiceResponseData.ResponseCode is "00"; an inquiry
// succeeds with "0000" (posnet.md §12).
//
// # MAC
//
// MAC = Base64(SHA-256(the values of the fields MACParams names,
// concatenated without separator, + ENCKEY)), see MAC and MACOf. The
// fields are looked up in the request and its nested CardInformationData
// and ThreeDSecureData: Sale/Auth use
// MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount, Capture and
// TransactionInquiry MerchantNo:TerminalNo, Reverse and Return
// MerchantNo:TerminalNo:ReferenceCode:OrderId, the 3-D Secure provision
// MerchantNo:TerminalNo:SecureTransactionId:CavvData:Eci:MdStatus.
// FormMAC and ProvisionMAC are the two 3-D Secure MACs with posnet.md's
// worked examples as tests.
//
// # Order ids
//
// OrderId is the merchant's order id left-padded with '0' to 20
// characters; ids longer than 20, starting with '0' (the padding could not
// be told apart) or holding other than letters, digits and '_' are refused
// as InvalidRequest. Later references use the bank's ReferenceCode
// (Result.TransactionID); Status, Void and (without a BankTransactionID)
// Capture and Refund first run TransactionInquiry by the padded OrderId,
// then by "TDS_" + OrderId (the 3-D Secure form of posnet.md §10).
//
// # 3-D Secure
//
// Begin3D does no I/O: it builds the form that posts the card, the order
// and the form MAC to the gate. ParseCallback verifies the callback
// locally: MacParams must be exactly CallbackMacParams and Mac its MAC;
// OrderId, Amount, CurrencyCode, MdStatus, TranType, MerchantId and
// InstalmentCode, which the Mac does not cover, must be present and
// well-formed, MerchantId this merchant's. The Client binds the callback
// to its pending payment by OrderId, Amount and CurrencyCode, applies its
// mdStatus policy (MerchantProvisions is set), and Complete3D provisions
// with Sale or Auth carrying ThreeDSecureData.
//
// # Not supported
//
// No history report, no 3d_pay/3d_host (UseOOS=1) models, no points, no
// MOTO declaration.
package posnetv1
