namespace TradeNode.Chain;

/// <summary>
/// A mempool entry as getmempoolentry reports it (fees in satoshis, sizes in virtual bytes).
/// <see cref="SignalsReplaceability"/> is BIP125's "bip125-replaceable": the transaction or an unconfirmed ancestor signals.
/// </summary>
public sealed record MempoolEntryInfo(
    UInt256 Txid,
    UInt256 Wtxid,
    int VirtualSize,
    int Weight,
    Money Fee,
    DateTimeOffset Time,
    int Height,
    int AncestorCount,
    int AncestorSize,
    Money AncestorFees,
    int DescendantCount,
    int DescendantSize,
    Money DescendantFees,
    IReadOnlyList<UInt256> Depends,
    IReadOnlyList<UInt256> SpentBy,
    bool SignalsReplaceability);
