namespace TradeNode.Bitcoin;

/// <summary>Signature hash types. The low five bits select outputs; ANYONECANPAY is a flag.</summary>
[Flags]
#pragma warning disable CA1711 // The name is Bitcoin's.
#pragma warning disable CA1008 // Zero is SIGHASH_DEFAULT in taproot, not "none".
public enum SigHash : uint
{
    Undefined = 0,
    All = 1,
    None = 2,
    Single = 3,
    AnyoneCanPay = 0x80,
}
#pragma warning restore CA1008
#pragma warning restore CA1711
