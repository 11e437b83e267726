using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Chain.Regtest;

/// <summary>The consensus and policy constants of Bitcoin Core's regtest that the embedded chain enforces.</summary>
public sealed class ChainParameters
{
    public static ChainParameters RegTest { get; } = new();

    public Network Network => Network.RegTest;

    /// <summary>Regtest halves the subsidy every 150 blocks.</summary>
    public int SubsidyHalvingInterval => 150;

    public int CoinbaseMaturity => 100;

    /// <summary>The easiest target regtest allows; every block uses it (no retargeting on regtest).</summary>
    public Target PowLimit => new(0x207fffff);

    /// <summary>Blocks from this height must start their coinbase scriptSig with their height (BIP34).</summary>
    public int Bip34Height => 1;

    public int MaxBlockWeight => Transaction.MaxBlockWeight;

    /// <summary>Policy: MAX_STANDARD_TX_WEIGHT.</summary>
    public int MaxStandardTxWeight => 400_000;

    /// <summary>Policy: the minimum relay fee, 1 sat/vB.</summary>
    public long MinRelayFeePerKvB => 1_000;

    /// <summary>Policy: the dust relay fee, 3 sat/vB.</summary>
    public long DustRelayFeePerKvB => 3_000;

    /// <summary>Policy: DEFAULT_ANCESTOR_LIMIT and DEFAULT_DESCENDANT_LIMIT.</summary>
    public int MempoolChainLimit => 25;

    /// <summary>
    /// False (Core 27's default): only transactions that signal BIP125 (an input sequence below 0xfffffffe) can be
    /// replaced; a conflict with any other is refused as <c>txn-mempool-conflict</c>.
    /// </summary>
    public bool FullReplaceByFee => false;

    public Money GetBlockSubsidy(int height)
    {
        var halvings = height / SubsidyHalvingInterval;
        return halvings >= 64 ? Money.Zero : Money.Satoshis((50 * Money.CoinSatoshis) >> halvings);
    }
}
