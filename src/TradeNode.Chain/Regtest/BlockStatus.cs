namespace TradeNode.Chain.Regtest;

/// <summary>What is known of a block's validity.</summary>
public enum BlockStatus
{
    /// <summary>Header and context-free checks passed; not yet connected.</summary>
    Accepted,

    /// <summary>Connected to the UTXO set at least once: every rule held.</summary>
    Valid,

    /// <summary>Failed validation, or was invalidated by invalidateblock.</summary>
    Invalid,

    /// <summary>Descends from an invalid block.</summary>
    InvalidChild,
}
