namespace TradeNode.Core.Wallet;

/// <summary>How a transaction moved the wallet's money.</summary>
public enum TransactionDirection
{
    /// <summary>Money came in (net amount above zero).</summary>
    Incoming,

    /// <summary>Money went out to someone else.</summary>
    Outgoing,

    /// <summary>All inputs and outputs are the wallet's own: only the fee left.</summary>
    SelfTransfer,
}
