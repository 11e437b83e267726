using TradeNode.Bitcoin;

namespace TradeNode.Core.Wallet;

/// <summary>
/// A transaction that touched the wallet. <see cref="NetSats"/> is what the wallet's balance changed by (negative
/// for a send, fee included); <see cref="FeeSats"/> is set when the wallet paid all inputs. Block fields are null
/// while the transaction is unconfirmed.
/// </summary>
public sealed record WalletTransaction(
    UInt256 Txid,
    long NetSats,
    long? FeeSats,
    int? BlockHeight,
    UInt256? BlockHash,
    DateTimeOffset? BlockTime,
    int Confirmations,
    TransactionDirection Direction,
    bool IsCoinBase,
    string? Label,
    DateTimeOffset FirstSeen);
