package garanti

// The replies of garanti.md §12, as captured from the public test terminal
// (MEWS fixtures). Fragments are completed with the envelope every reply
// carries (§12.1).

const approvedSale = `<?xml version="1.0" encoding="UTF-8"?>
<GVPSResponse>
  <Mode></Mode>
  <Terminal><ProvUserID>PROVAUT</ProvUserID><UserID>PROVAUT</UserID><ID>30691298</ID><MerchantID>7000679</MerchantID></Terminal>
  <Customer><IPAddress>172.26.0.1</IPAddress><EmailAddress></EmailAddress></Customer>
  <Order><OrderID>20221101D723</OrderID><GroupID></GroupID></Order>
  <Transaction>
    <Response><Source>HOST</Source><Code>00</Code><ReasonCode>00</ReasonCode><Message>Approved</Message><ErrorMsg></ErrorMsg><SysErrMsg></SysErrMsg></Response>
    <RetrefNum>230508300434</RetrefNum><AuthCode>304919</AuthCode><BatchNum>004951</BatchNum><SequenceNum>000015</SequenceNum>
    <ProvDate>20221101 13:14:19</ProvDate><CardNumberMasked>428220******8015</CardNumberMasked>
    <CardHolderName>HA*** YIL***</CardHolderName><CardType>FLEXI</CardType>
    <HashData>1AAF91AE8000A94BF0B3FF42222E75E5837C98B9</HashData><HostMsgList></HostMsgList>
    <RewardInqResult><RewardList></RewardList><ChequeList></ChequeList></RewardInqResult>
    <GarantiCardInd>Y</GarantiCardInd>
  </Transaction>
</GVPSResponse>`

// envelope wraps an Order body and a Transaction body in a GVPSResponse.
func envelope(order, txn string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><GVPSResponse><Mode></Mode>` +
		`<Terminal><ProvUserID>PROVAUT</ProvUserID><UserID>PROVAUT</UserID><ID>30691298</ID><MerchantID>7000679</MerchantID></Terminal>` +
		`<Customer><IPAddress>172.26.0.1</IPAddress><EmailAddress></EmailAddress></Customer>` +
		`<Order>` + order + `</Order><Transaction>` + txn + `<HashData>1AAF91AE8000A94BF0B3FF42222E75E5837C98B9</HashData></Transaction></GVPSResponse>`
}

// gvps is a Transaction body with a GVPS answer (Source GVPS, Code 92 or a
// query's 00) and empty references.
func gvps(code, reason, msg, errMsg, sysErr string) string {
	return `<Response><Source>GVPS</Source><Code>` + code + `</Code><ReasonCode>` + reason + `</ReasonCode><Message>` + msg +
		`</Message><ErrorMsg>` + errMsg + `</ErrorMsg><SysErrMsg>` + sysErr + `</SysErrMsg></Response>` +
		`<RetrefNum></RetrefNum><AuthCode></AuthCode><BatchNum></BatchNum><SequenceNum></SequenceNum><ProvDate>20221101 13:19:22</ProvDate>`
}

var (
	// cvcDecline: issuer decline of a 3D provisioning, wrong CVC (§12.2).
	cvcDecline = envelope(`<OrderID>2023122397D1</OrderID><GroupID></GroupID>`,
		`<Response><Source>HOST</Source><Code>12</Code><ReasonCode>12</ReasonCode><Message>Declined</Message><ErrorMsg>İşleminizi gerçekleştiremiyoruz.Tekrar deneyiniz</ErrorMsg><SysErrMsg>CVC2/4CSC HATALI</SysErrMsg></Response><RetrefNum>335709663083</RetrefNum><AuthCode></AuthCode><BatchNum>005546</BatchNum><SequenceNum>000082</SequenceNum><ProvDate>20231223 19:28:20</ProvDate><CardNumberMasked>55496087****1500</CardNumberMasked><CardHolderName>4517******* 4517**********</CardHolderName><CardType>BONUS</CardType>`)
	// zeroAmount: platform validation error (§12.2).
	zeroAmount = envelope(`<OrderID>20221101D724</OrderID><GroupID></GroupID>`,
		`<Response><Source>GVPS</Source><Code>92</Code><ReasonCode>0002</ReasonCode><Message>Declined</Message><ErrorMsg>Giriş yaptığınız işlem tipi için zorunlu alanları kontrol ediniz</ErrorMsg><SysErrMsg>TxnAmount field must not be zero DOUBLE value because of the Mandatory Rule:zero</SysErrMsg></Response><RetrefNum></RetrefNum><AuthCode></AuthCode><BatchNum></BatchNum><SequenceNum></SequenceNum><ProvDate>20221101 13:19:22</ProvDate><CardNumberMasked>428220******8015</CardNumberMasked>`)
	// missingIP: the same for a missing customer IP (§12.2).
	missingIP = envelope(`<OrderID>20221101D725</OrderID><GroupID></GroupID>`,
		gvps("92", "0002", "Declined", "Giriş yaptığınız işlem tipi için zorunlu alanları kontrol ediniz",
			"CustomerIPAddress field must contain value because of the Mandatory Rule:null"))
	// refundRefused: 0208 (§12.2).
	refundRefused = envelope(`<OrderID>2022110148F1</OrderID><GroupID></GroupID>`,
		gvps("92", "0208", "Declined", "İade etmek istediğiniz işlem geçerli değil", "ErrorId: 0208"))
	// badPassword and noTerminal: 0651 and 0752 (§7, §12.2).
	badPassword = envelope(`<OrderID>O1</OrderID><GroupID></GroupID>`, gvps("92", "0651", "Declined", "User password is incorrect", ""))
	noTerminal  = envelope(`<OrderID>O1</OrderID><GroupID></GroupID>`, gvps("92", "0752", "Declined", "No terminal record", ""))
	// hostVoidRefused: the host's RPC-05 answer to a void (§12.2).
	hostVoidRefused = envelope(`<OrderID>20221101D723</OrderID><GroupID></GroupID>`,
		`<Response><Source>HOST</Source><Code>05</Code><ReasonCode>05</ReasonCode><Message>Declined</Message><ErrorMsg>İşleminizi gerçekleştiremiyoruz.Tekrar deneyiniz</ErrorMsg><SysErrMsg>RPC-05 condition was raised</SysErrMsg></Response><RetrefNum>230508300435</RetrefNum><AuthCode>304919</AuthCode><BatchNum>004951</BatchNum><SequenceNum>000016</SequenceNum><ProvDate>20221101 13:20:19</ProvDate>`)

	// inqPreAuth: orderinq of a pre-authorisation not yet captured (§12.3).
	inqPreAuth = envelope(`<OrderID>2024010649DF</OrderID><GroupID></GroupID><OrderInqResult>
  <ChargeType>S</ChargeType><PreAuthAmount>101</PreAuthAmount><PreAuthDate>2024-01-06 23:10:05.975</PreAuthDate>
  <AuthAmount>0</AuthAmount><AuthDate></AuthDate><RecurringInfo>N</RecurringInfo><RecurringStatus></RecurringStatus>
  <Status>WAITINGPOSTAUTH</Status><RemainingBNSAmount>0</RemainingBNSAmount><UsedFBBAmount>0</UsedFBBAmount>
  <UsedChequeType></UsedChequeType><UsedChequeCount>0</UsedChequeCount><UsedChequeAmount>0</UsedChequeAmount>
  <UsedBnsAmount>0</UsedBnsAmount><InstallmentCnt>3</InstallmentCnt><CardNumberMasked>37562400****036</CardNumberMasked>
  <CardRef></CardRef><Code>00</Code><ReasonCode>00</ReasonCode><SysErrMsg></SysErrMsg><RetrefNum>400609699313</RetrefNum>
  <GPID></GPID><AuthCode>257762</AuthCode><BatchNum>5562</BatchNum><SequenceNum>57</SequenceNum>
  <ProvDate>2024-01-06 23:10:06.029</ProvDate><CardHolderName>UT** ER***</CardHolderName><CardType>AMEXP</CardType>
</OrderInqResult>`, gvps("00", "", "Approved", "", ""))
	// inqSale: orderinq of a sale (§12.3: PreAuthAmount 0, AuthAmount set,
	// APPROVED, InstallmentCnt 0).
	inqSale = envelope(`<OrderID>20221101D723</OrderID><GroupID></GroupID><OrderInqResult>
  <ChargeType>S</ChargeType><PreAuthAmount>0</PreAuthAmount><PreAuthDate></PreAuthDate><AuthAmount>101</AuthAmount>
  <AuthDate>2022-11-01 13:14:19.123</AuthDate><Status>APPROVED</Status><InstallmentCnt>0</InstallmentCnt>
  <CardNumberMasked>428220******8015</CardNumberMasked><Code>00</Code><ReasonCode>00</ReasonCode><SysErrMsg></SysErrMsg>
  <RetrefNum>230508300896</RetrefNum><AuthCode>304919</AuthCode><BatchNum>4951</BatchNum><SequenceNum>15</SequenceNum>
  <ProvDate>2022-11-01 13:14:19.456</ProvDate></OrderInqResult>`, gvps("00", "", "Approved", "", ""))
	// inqNotFound: orderinq of an unknown order (§12.3).
	inqNotFound = envelope(`<OrderID>NOSUCHORDER</OrderID><GroupID></GroupID><OrderInqResult>
  <ChargeType></ChargeType><PreAuthAmount>0</PreAuthAmount><PreAuthDate></PreAuthDate><AuthAmount>0</AuthAmount><AuthDate></AuthDate>
  <Status></Status><InstallmentCnt>0</InstallmentCnt><CardNumberMasked>null</CardNumberMasked><Code></Code><ReasonCode></ReasonCode>
  <RetrefNum></RetrefNum><AuthCode></AuthCode><BatchNum>0</BatchNum><SequenceNum>0</SequenceNum><ProvDate></ProvDate></OrderInqResult>`,
		gvps("92", "0110", "Declined", "İşlem bulunamadı", "ErrorId: 0110"))

	// histSaleFailedRefund: orderhistoryinq, sale then a failed refund (§12.4).
	histSaleFailedRefund = envelope(`<OrderID>20221101D723</OrderID><GroupID></GroupID><OrderHistInqResult><OrderTxnList>
 <OrderTxn><Type>sales</Type><Status>00</Status><PreAuthAmount>0</PreAuthAmount><AuthAmount>101</AuthAmount><PreAuthDate></PreAuthDate><AuthDate>20221101</AuthDate><VoidDate></VoidDate><RetrefNum>230508300896</RetrefNum><AuthCode>304919</AuthCode><ReturnCode>00</ReturnCode><BatchNum>4951</BatchNum><RemainingBNSAmount>0</RemainingBNSAmount><UsedFBBAmount>0</UsedFBBAmount><UsedChequeType></UsedChequeType><UsedChequeCount>0</UsedChequeCount><UsedChequeAmount>0</UsedChequeAmount><InstallmentCnt>0</InstallmentCnt><CurrencyCode>949</CurrencyCode><Settlement>N</Settlement></OrderTxn>
 <OrderTxn><Type>refund</Type><Status>01</Status><PreAuthAmount>0</PreAuthAmount><AuthAmount>101</AuthAmount><PreAuthDate></PreAuthDate><AuthDate></AuthDate><VoidDate></VoidDate><RetrefNum>230508300913</RetrefNum><AuthCode></AuthCode><ReturnCode>92</ReturnCode><BatchNum>4951</BatchNum><RemainingBNSAmount>0</RemainingBNSAmount><UsedFBBAmount>0</UsedFBBAmount><UsedChequeType></UsedChequeType><UsedChequeCount>0</UsedChequeCount><UsedChequeAmount>0</UsedChequeAmount><InstallmentCnt>0</InstallmentCnt><CurrencyCode>0</CurrencyCode><Settlement>N</Settlement></OrderTxn>
</OrderTxnList></OrderHistInqResult>`, gvps("00", "", "Approved", "", ""))
	// histNotFound: orderhistoryinq of an unknown order (§12.4).
	histNotFound = envelope(`<OrderID>NOSUCHORDER</OrderID><GroupID></GroupID><OrderHistInqResult><OrderTxnList></OrderTxnList></OrderHistInqResult>`,
		gvps("92", "0108", "Declined", "Gönderilen sipariş numarasına ait kayıt bulunmamaktadır", "ErrorId: 0108"))

	// listPair: orderlistinq, a sale and a refused partial refund (§12.5).
	listPair = envelope(`<OrderID></OrderID><GroupID></GroupID><OrderListInqResult><OrderTxnList>
<TotalTxnCount>2</TotalTxnCount><TotalPageCount>1</TotalPageCount><ActPageNum>1</ActPageNum>
<OrderTxn><Id>1</Id><LastTrxDate>2024-06-03 10:15:30</LastTrxDate><TrxType>Satis</TrxType><OrderID>20240603C1F0</OrderID><Name></Name><CardNumberMasked>42822090****8015</CardNumberMasked><ExpireDate>0830</ExpireDate><BankBin>42822090</BankBin><BatchNum>576200</BatchNum><AuthCode>304919</AuthCode><RetrefNum>415501676495</RetrefNum><OrigRetrefNum></OrigRetrefNum><InstallmentCnt>Pesin</InstallmentCnt><Status>Basarili</Status><AuthAmount>1001</AuthAmount><CurrencyCode>TL</CurrencyCode><RemainingBNSAmount>0</RemainingBNSAmount><UsedFBBAmount>0</UsedFBBAmount><UsedChequeType></UsedChequeType><UsedChequeCount>0</UsedChequeCount><UsedChequeAmount>0</UsedChequeAmount><SafeType></SafeType><Comment1></Comment1><Comment2></Comment2><Comment3></Comment3><UserId>PROVAUT</UserId><Settlement>N</Settlement><EmailAddress></EmailAddress><RecurringTotalPaymentNum>0</RecurringTotalPaymentNum><RecurringLastPaymentNum>0</RecurringLastPaymentNum><RecurringTxnAmount>0</RecurringTxnAmount><ResponseCode>00</ResponseCode><SysErrMsg></SysErrMsg></OrderTxn>
<OrderTxn><Id>2</Id><LastTrxDate>2024-06-03 10:15:40</LastTrxDate><TrxType>Iade</TrxType><OrderID>20240603C1F0</OrderID><Name></Name><CardNumberMasked>42822090****8015</CardNumberMasked><ExpireDate>0830</ExpireDate><BankBin>42822090</BankBin><BatchNum>576200</BatchNum><AuthCode></AuthCode><RetrefNum>415501676496</RetrefNum><OrigRetrefNum>415501676495</OrigRetrefNum><InstallmentCnt>Pesin</InstallmentCnt><Status>Basarisiz</Status><AuthAmount>801</AuthAmount><CurrencyCode>TL</CurrencyCode><SafeType></SafeType><UserId>PROVRFN</UserId><Settlement>E</Settlement><ResponseCode>05</ResponseCode><SysErrMsg>RPC-05 condition was raised</SysErrMsg></OrderTxn>
</OrderTxnList></OrderListInqResult>`, gvps("00", "", "Approved", "", ""))
	// listInvalid: orderlistinq validation failure (§12.5).
	listInvalid = envelope(`<OrderID></OrderID><GroupID></GroupID><OrderListInqResult><OrderTxnList></OrderTxnList></OrderListInqResult>`,
		gvps("92", "0002", "Declined", "Giriş yaptığınız işlem tipi için zorunlu alanları kontrol ediniz", "StartDate field must contain value because of the Mandatory Rule:null"))
)

// allReplies are the samples above by name (fuzz seeds, parse tests).
var allReplies = map[string]string{
	"approvedSale": approvedSale, "cvcDecline": cvcDecline, "zeroAmount": zeroAmount, "missingIP": missingIP,
	"refundRefused": refundRefused, "badPassword": badPassword, "noTerminal": noTerminal, "hostVoidRefused": hostVoidRefused,
	"inqPreAuth": inqPreAuth, "inqSale": inqSale, "inqNotFound": inqNotFound,
	"histSaleFailedRefund": histSaleFailedRefund, "histNotFound": histNotFound,
	"listPair": listPair, "listInvalid": listInvalid,
}
