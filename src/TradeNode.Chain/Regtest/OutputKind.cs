namespace TradeNode.Chain.Regtest;

/// <summary>The output script types of Bitcoin Core's Solver (TxoutType) that relay policy tells apart.</summary>
public enum OutputKind
{
    NonStandard,
    PubKey,
    PubKeyHash,
    ScriptHash,
    MultiSig,
    NullData,
    WitnessV0KeyHash,
    WitnessV0ScriptHash,
    WitnessV1Taproot,
    WitnessUnknown,
}
