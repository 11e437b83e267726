using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Benchmarks;

/// <summary>A funded 2-of-3 P2WSH escrow and its payout PSBT signed by two of the three keys, built once per benchmark.</summary>
internal sealed class EscrowFixture
{
    public EscrowFixture()
    {
        // Sorted as in the script and signed by its first two keys. CHECKMULTISIG walks from the last key, so it makes
        // three ECDSA verifications here (the last key's fails): the usual cost of a buyer-and-seller payout.
        var keys = new[] { new Key(), new Key(), new Key() }.OrderBy(k => k.PubKey.ToHex(), StringComparer.Ordinal).ToArray();
        WitnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, true, keys.Select(k => k.PubKey).ToArray());
        var funding = new Transaction();
        funding.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        funding.Outputs.Add(new TxOut(Money.Satoshis(1_000_000), PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(WitnessScript)));
        EscrowOutput = funding.Outputs[0];

        var payout = new Transaction();
        payout.Inputs.Add(new TxIn(new OutPoint(funding.GetHash(), 0), sequence: 0xfffffffd));
        payout.Outputs.Add(new TxOut(Money.Satoshis(700_000), PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(keys[0].PubKey)));
        payout.Outputs.Add(new TxOut(Money.Satoshis(299_000), PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(keys[1].PubKey)));
        SignedPsbt = PSBT.FromTransaction(payout, Network.RegTest).AddTransactions(funding).AddScripts(WitnessScript).SignWithKeys(keys[0], keys[1]);
        Payout = SignedPsbt.Clone().Finalize().ExtractTransaction();
    }

    public Script WitnessScript { get; }

    public TxOut EscrowOutput { get; }

    /// <summary>Two partial signatures, witness UTXO and script, not finalized: what parties pass around.</summary>
    public PSBT SignedPsbt { get; }

    /// <summary>The finalized, extracted payout spending the escrow.</summary>
    public Transaction Payout { get; }
}
