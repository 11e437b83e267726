namespace TradeNode.Chain;

/// <summary>One row of testmempoolaccept: allowed with its vsize and fee, or refused with Core's reject reason.</summary>
public sealed record MempoolAcceptResult(UInt256 Txid, UInt256 Wtxid, bool Allowed, string? RejectReason, int? VirtualSize, Money? Fee);
