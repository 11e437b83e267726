using TradeNode.Bitcoin;

namespace TradeNode.Core.Wallet.Storage;

/// <summary>
/// An output paying one of the wallet's addresses, spent or not. Height is null while its transaction is
/// unconfirmed; SpentBy names the transaction spending it (SpentHeight null while that one is unconfirmed).
/// </summary>
internal sealed class CoinRecord
{
    public required OutPoint Outpoint { get; init; }

    public required long Value { get; init; }

    public required Script ScriptPubKey { get; init; }

    /// <summary>BIP84 chain: 0 receive, 1 change.</summary>
    public required int Chain { get; init; }

    public required int Index { get; init; }

    public required bool IsCoinBase { get; init; }

    /// <summary>Every input of the transaction that made it was ours: our own change, safe to spend unconfirmed.</summary>
    public bool FromSelf { get; set; }

    public int? Height { get; set; }

    public string? BlockHash { get; set; }

    public string? SpentBy { get; set; }

    public int? SpentHeight { get; set; }

    public string Id => Outpoint.ToString();
}
