using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>Every script type the signer and finalizer support, checked end to end by the script interpreter.</summary>
public class PsbtScriptTypeTests
{
    private static readonly Key[] Keys = [.. Enumerable.Range(1, 3).Select(i => new Key(Enumerable.Repeat((byte)(0x50 + i), 32).ToArray()))];

    public static TheoryData<string> ScriptTypes => ["p2pkh", "p2pkh-uncompressed", "p2wpkh", "p2sh-p2wpkh", "p2pk", "p2wsh-p2pk", "bare-multisig", "p2sh-multisig", "p2wsh-multisig", "p2sh-p2wsh-multisig"];

    [Theory]
    [MemberData(nameof(ScriptTypes))]
    public void Signed_and_finalized_input_verifies(string type)
    {
        var (scriptPubKey, scripts, signers) = Describe(type);
        var previous = new Transaction();
        previous.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        previous.Outputs.Add(new TxOut(Money.Satoshis(10_000), Script.Parse("1")));
        previous.Outputs.Add(new TxOut(Money.Satoshis(90_000), scriptPubKey));
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(previous.GetHash(), 1)));
        tx.Outputs.Add(new TxOut(Money.Satoshis(89_000), PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(new byte[20])));
        var psbt = PSBT.FromTransaction(tx, Network.RegTest).AddTransactions(previous).AddScripts(scripts);

        // Signers work on copies; the combiner puts the signatures together.
        var copies = signers.Select(k => PSBT.Parse(psbt.ToBase64(), Network.RegTest).SignWithKeys(k)).ToList();
        var combined = copies.Skip(1).Aggregate(copies[0], (all, next) => all.Combine(next)).Finalize();
        var signed = combined.ExtractTransaction();

        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(signed, [previous.Outputs[1]], ScriptVerify.Standard));
        var stripped = signed.Clone();
        stripped.Inputs[0].ScriptSig = Script.Empty;
        stripped.Inputs[0].WitScript = WitScript.Empty;
        Assert.Equal(tx.GetHash(), stripped.GetHash());
    }

    [Fact]
    public void The_input_hash_type_is_used_and_a_different_one_is_refused()
    {
        var key = Keys[0];
        var spk = PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(key.PubKey);
        var previous = new Transaction();
        previous.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        previous.Outputs.Add(new TxOut(Money.Satoshis(90_000), spk));
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(previous.GetHash(), 0)));
        tx.Outputs.Add(new TxOut(Money.Satoshis(89_000), spk));
        var psbt = PSBT.FromTransaction(tx, Network.RegTest).AddCoins(new Coin(previous, 0));
        psbt.Inputs[0].SighashType = SigHash.Single | SigHash.AnyoneCanPay;

        Assert.Throws<PSBTException>(() => psbt.Inputs[0].Sign(key, SigHash.All));
        Assert.Empty(psbt.Inputs[0].PartialSigs);
        psbt.SignWithKeys(key);

        Assert.Equal(SigHash.Single | SigHash.AnyoneCanPay, psbt.Inputs[0].PartialSigs[key.PubKey].SigHash);
        var signed = psbt.Finalize().ExtractTransaction();
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(signed, [previous.Outputs[0]], ScriptVerify.Standard));
        Assert.Equal(0x83, signed.Inputs[0].WitScript[0][^1]);
    }

    [Fact]
    public void A_taproot_input_is_left_alone_while_the_segwit_v0_input_is_signed()
    {
        var key = Keys[0];
        var ours = PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(key.PubKey);
        var taproot = new Script([0x51, 0x20, .. Enumerable.Repeat((byte)0x42, 32)]);
        var previous = new Transaction();
        previous.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        previous.Outputs.Add(new TxOut(Money.Satoshis(50_000), ours));
        previous.Outputs.Add(new TxOut(Money.Satoshis(50_000), taproot));
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(previous.GetHash(), 1)));
        tx.Inputs.Add(new TxIn(new OutPoint(previous.GetHash(), 0)));
        tx.Outputs.Add(new TxOut(Money.Satoshis(99_000), ours));
        var psbt = PSBT.FromTransaction(tx, Network.RegTest).AddTransactions(previous);

        psbt.SignWithKeys(key);

        Assert.Empty(psbt.Inputs[0].PartialSigs);
        Assert.Single(psbt.Inputs[1].PartialSigs);
        Assert.False(psbt.TryFinalize(out var errors));
        Assert.Equal(0, Assert.Single(errors).InputIndex);
        Assert.True(psbt.Inputs[1].IsFinalized());
    }

    private static (Script ScriptPubKey, Script[] Scripts, Key[] Signers) Describe(string type)
    {
        var multisig = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, sort: true, [.. Keys.Select(k => k.PubKey)]);
        var p2wsh = PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(multisig);
        var p2wpkh = PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(Keys[0].PubKey);
        var uncompressed = new Key(Keys[1].ToBytes(), compressed: false);
        var p2pk = PayToPubkeyTemplate.Instance.GenerateScriptPubKey(Keys[2].PubKey);
        return type switch
        {
            "p2pkh" => (PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(Keys[0].PubKey), [], [Keys[0]]),
            "p2pkh-uncompressed" => (PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(uncompressed.PubKey), [], [uncompressed]),
            "p2wpkh" => (p2wpkh, [], [Keys[0]]),
            "p2sh-p2wpkh" => (PayToScriptHashTemplate.Instance.GenerateScriptPubKey(p2wpkh), [p2wpkh], [Keys[0]]),
            "p2pk" => (p2pk, [], [Keys[2]]),
            "p2wsh-p2pk" => (PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(p2pk), [p2pk], [Keys[2]]),
            "bare-multisig" => (multisig, [], [Keys[0], Keys[2]]),
            "p2sh-multisig" => (PayToScriptHashTemplate.Instance.GenerateScriptPubKey(multisig), [multisig], [Keys[2], Keys[0]]),
            "p2wsh-multisig" => (p2wsh, [multisig], [Keys[1], Keys[2]]),
            "p2sh-p2wsh-multisig" => (PayToScriptHashTemplate.Instance.GenerateScriptPubKey(p2wsh), [multisig, p2wsh], [Keys[0], Keys[1]]),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }
}
