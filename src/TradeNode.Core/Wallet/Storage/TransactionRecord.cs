using TradeNode.Bitcoin;

namespace TradeNode.Core.Wallet.Storage;

/// <summary>A transaction that touched the wallet, with where it is confirmed (null fields while in the mempool).</summary>
internal sealed class TransactionRecord
{
    public required UInt256 Txid { get; init; }

    public required Transaction Transaction { get; set; }

    public required DateTimeOffset FirstSeen { get; init; }

    public long Net { get; set; }

    public long? Fee { get; set; }

    public int? Height { get; set; }

    public string? BlockHash { get; set; }

    public DateTimeOffset? BlockTime { get; set; }

    public string? Label { get; set; }

    public string Id => Txid.ToString();
}
