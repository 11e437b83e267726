using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;

namespace TradeNode.Core.Wallet;

/// <summary>
/// A broadcast send: the transaction, what the recipient gets, the fee paid, the change returned (null when the
/// selection needed none or the change would have been dust and went to the fee) and the rate used.
/// </summary>
public sealed record SendResult(UInt256 Txid, Transaction Transaction, long AmountSats, long FeeSats, long? ChangeSats, FeeRate FeeRate, int VirtualSize);
