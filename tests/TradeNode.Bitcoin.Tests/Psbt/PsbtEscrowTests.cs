using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>
/// The escrow the product depends on: a 2-of-3 sorted multisig P2WSH (buyer, seller, arbitrator), funded, then
/// spent by a PSBT that two parties sign on separate copies, combined, finalized, extracted and verified by the
/// script interpreter.
/// </summary>
public class PsbtEscrowTests
{
    private static readonly Money Escrowed = Money.Satoshis(1_000_000);
    private static readonly Money ToBuyer = Money.Satoshis(700_000);
    private static readonly Money ToSeller = Money.Satoshis(299_000);

    private readonly Key _buyer = KeyFrom(0x11);
    private readonly Key _seller = KeyFrom(0x22);
    private readonly Key _arbitrator = KeyFrom(0x33);
    private readonly Key _stranger = KeyFrom(0x44);
    private readonly Script _witnessScript;
    private readonly Transaction _funding;

    public PsbtEscrowTests()
    {
        _witnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, sort: true, _buyer.PubKey, _seller.PubKey, _arbitrator.PubKey);
        _funding = BuildFunding();
    }

    private TxOut EscrowOutput => _funding.Outputs[0];

    [Fact]
    public void Funding_psbt_for_a_p2wpkh_coin_signs_finalizes_and_verifies()
    {
        var (funding, spent) = BuildSignedFunding();

        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(funding, [spent], ScriptVerify.Standard));
        Assert.Null(funding.Check());
        Assert.Equal(2, funding.Inputs[0].WitScript.PushCount);
    }

    [Fact]
    public void Two_parties_sign_separate_copies_and_the_combined_payout_verifies()
    {
        var unsigned = CreatePayoutPsbt().ToBase64();
        var buyerCopy = PSBT.Parse(unsigned, Network.RegTest).SignWithKeys(_buyer);
        var sellerCopy = PSBT.Parse(unsigned, Network.RegTest).SignWithKeys(_seller);
        Assert.Single(buyerCopy.Inputs[0].PartialSigs);
        Assert.Single(sellerCopy.Inputs[0].PartialSigs);

        // Each copy travels as base64 to whoever combines.
        var combined = PSBT.Parse(buyerCopy.ToBase64(), Network.RegTest).Combine(PSBT.Parse(sellerCopy.ToBase64(), Network.RegTest));
        Assert.Equal(2, combined.Inputs[0].PartialSigs.Count);
        combined.Finalize();
        var payout = combined.ExtractTransaction();

        Assert.True(combined.IsAllFinalized());
        Assert.Empty(combined.Inputs[0].PartialSigs);
        Assert.Null(combined.Inputs[0].WitnessScript);
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(payout, [EscrowOutput], ScriptVerify.Standard));
        Assert.Null(payout.Check());
        var witness = payout.Inputs[0].WitScript;
        Assert.Equal(4, witness.PushCount);
        Assert.Empty(witness[0]); // CHECKMULTISIG's dummy element
        Assert.Equal(_witnessScript.ToBytes(), witness[3]);
        Assert.Equal(payout.GetHash(), combined.GetGlobalTransaction().GetHash());
    }

    [Fact]
    public void Any_two_of_the_three_keys_can_pay_out_and_signatures_follow_key_order()
    {
        Key[][] pairs = [[_buyer, _arbitrator], [_arbitrator, _seller]];
        foreach (var pair in pairs)
        {
            var psbt = CreatePayoutPsbt();
            var first = psbt.Clone().SignWithKeys(pair[0]);
            var second = psbt.Clone().SignWithKeys(pair[1]);
            var payout = second.Combine(first).Finalize().ExtractTransaction();

            Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(payout, [EscrowOutput], ScriptVerify.Standard));
            var keysInScript = PayToMultiSigTemplate.Instance.ExtractScriptPubKeyParameters(_witnessScript)!.PubKeys;
            var signers = pair.Select(k => k.PubKey).OrderBy(k => keysInScript.ToList().IndexOf(k)).ToList();
            var sighash = payout.GetSignatureHash(_witnessScript, 0, SigHash.All, Escrowed, HashVersion.WitnessV0);
            Assert.True(signers[0].Verify(sighash, TransactionSignature.Parse(payout.Inputs[0].WitScript[1]).Signature));
            Assert.True(signers[1].Verify(sighash, TransactionSignature.Parse(payout.Inputs[0].WitScript[2]).Signature));
        }
    }

    [Fact]
    public void One_signature_alone_cannot_finalize_and_a_one_signature_witness_fails_the_interpreter()
    {
        var buyerOnly = CreatePayoutPsbt().SignWithKeys(_buyer);

        Assert.False(buyerOnly.TryFinalize(out var errors));
        Assert.Contains("2 valid signatures are needed, 1 present", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.False(buyerOnly.IsAllFinalized());
        Assert.Throws<PSBTException>(() => buyerOnly.Finalize());
        Assert.Throws<PSBTException>(() => buyerOnly.ExtractTransaction());

        var handBuilt = buyerOnly.GetGlobalTransaction();
        handBuilt.Inputs[0].WitScript = new WitScript([], buyerOnly.Inputs[0].PartialSigs[_buyer.PubKey].ToBytes(), _witnessScript.ToBytes());
        Assert.NotEqual(ScriptError.Ok, TransactionVerifier.VerifyAll(handBuilt, [EscrowOutput], ScriptVerify.Standard));
    }

    [Fact]
    public void A_foreign_key_does_not_sign_and_its_signature_neither_finalizes_nor_verifies()
    {
        var psbt = CreatePayoutPsbt();

        Assert.False(psbt.Inputs[0].Sign(_stranger));
        psbt.SignWithKeys(_stranger);
        Assert.Empty(psbt.Inputs[0].PartialSigs);

        // A stranger's valid signature over the right hash, slipped in next to the buyer's.
        psbt.SignWithKeys(_buyer);
        var sighash = psbt.GetGlobalTransaction().GetSignatureHash(_witnessScript, 0, SigHash.All, Escrowed, HashVersion.WitnessV0);
        var foreign = new TransactionSignature(_stranger.Sign(sighash));
        psbt.Inputs[0].PartialSigs[_stranger.PubKey] = foreign;
        Assert.False(psbt.TryFinalize(out _));

        // The seller's signature filed under the arbitrator's key does not verify, so it is not used either.
        var mislabeled = psbt.Clone();
        mislabeled.Inputs[0].PartialSigs[_arbitrator.PubKey] = new TransactionSignature(_seller.Sign(sighash));
        Assert.False(mislabeled.TryFinalize(out var errors));
        Assert.Contains("does not verify", errors[0].Message, StringComparison.Ordinal);

        var handBuilt = psbt.GetGlobalTransaction();
        var ordered = SignaturesInKeyOrder(psbt.Inputs[0].PartialSigs[_buyer.PubKey], _buyer, foreign, _stranger);
        handBuilt.Inputs[0].WitScript = new WitScript([[], .. ordered, _witnessScript.ToBytes()]);
        Assert.NotEqual(ScriptError.Ok, TransactionVerifier.VerifyAll(handBuilt, [EscrowOutput], ScriptVerify.Standard));
    }

    [Fact]
    public void Changing_an_output_amount_after_signing_breaks_verification()
    {
        var signed = CreatePayoutPsbt().SignWithKeys(_buyer, _seller);
        var payout = signed.Clone().Finalize().ExtractTransaction();
        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(payout, [EscrowOutput], ScriptVerify.Standard));

        // The extracted transaction, with more for the seller.
        payout.Outputs[1].Value = ToSeller + Money.Satoshis(500);
        Assert.NotEqual(ScriptError.Ok, TransactionVerifier.VerifyAll(payout, [EscrowOutput], ScriptVerify.Standard));
        Assert.NotEqual(ScriptError.Ok, TransactionVerifier.VerifyAll(payout, [EscrowOutput], ScriptVerify.Mandatory));

        // A PSBT for the changed transaction: the old signatures do not combine into it and do not finalize it.
        var changed = CreatePayoutPsbt(sellerAmount: ToSeller + Money.Satoshis(500));
        Assert.Throws<PSBTException>(() => changed.Combine(signed));
        foreach (var (pubKey, signature) in signed.Inputs[0].PartialSigs)
        {
            changed.Inputs[0].PartialSigs[pubKey] = signature;
        }

        Assert.False(changed.TryFinalize(out var errors));
        Assert.Contains("does not verify", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_refuses_an_escrow_input_whose_witness_utxo_does_not_match_the_witness_script()
    {
        var psbt = CreatePayoutPsbt();
        psbt.Inputs[0].NonWitnessUtxo = null;
        psbt.Inputs[0].WitnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, sort: true, _buyer.PubKey, _seller.PubKey, _stranger.PubKey);

        var refused = Assert.Throws<PSBTException>(() => psbt.SignWithKeys(_buyer));

        Assert.Contains("witness script does not match", refused.Message, StringComparison.Ordinal);
        Assert.Empty(psbt.Inputs[0].PartialSigs);
    }

    [Fact]
    public void Key_origins_and_the_escrow_scripts_survive_the_round_trip()
    {
        var master = ExtKey.CreateFromSeed(new byte[32]);
        var path = new RootedKeyPath(master.Fingerprint, KeyPath.Parse("m/48'/1'/0'/2'/0/0"));
        var psbt = CreatePayoutPsbt().AddKeyPath(_buyer.PubKey, path);

        var copy = PSBT.Parse(psbt.ToBase64(), Network.RegTest);

        Assert.Equal(path, copy.Inputs[0].HDKeyPaths[_buyer.PubKey]);
        Assert.Equal(_witnessScript, copy.Inputs[0].WitnessScript);
        Assert.Equal(EscrowOutput, copy.Inputs[0].WitnessUtxo);
        Assert.Equal(_funding.GetHash(), copy.Inputs[0].NonWitnessUtxo!.GetHash());
        Assert.Equal(psbt.ToHex(), copy.ToHex());
    }

    private PSBT CreatePayoutPsbt(Money? sellerAmount = null)
    {
        var payout = new Transaction { Version = 2 };
        payout.Inputs.Add(new TxIn(new OutPoint(_funding.GetHash(), 0), sequence: 0xfffffffd));
        payout.Outputs.Add(new TxOut(ToBuyer, PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(_buyer.PubKey)));
        payout.Outputs.Add(new TxOut(sellerAmount ?? ToSeller, PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(_seller.PubKey)));
        return PSBT.FromTransaction(payout, Network.RegTest).AddTransactions(_funding).AddScripts(_witnessScript);
    }

    private Transaction BuildFunding() => BuildSignedFunding().Funding;

    /// <summary>The buyer funds the escrow from a P2WPKH coin, through a PSBT of its own.</summary>
    private (Transaction Funding, TxOut Spent) BuildSignedFunding()
    {
        var buyerScript = PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(_buyer.PubKey);
        var previous = new Transaction { Version = 2 };
        previous.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 7)));
        previous.Outputs.Add(new TxOut(Money.Satoshis(1_200_000), buyerScript));

        var funding = new Transaction { Version = 2 };
        funding.Inputs.Add(new TxIn(new OutPoint(previous.GetHash(), 0), sequence: 0xfffffffd));
        funding.Outputs.Add(new TxOut(Escrowed, PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(_witnessScript)));
        funding.Outputs.Add(new TxOut(Money.Satoshis(199_000), buyerScript));
        var psbt = PSBT.FromTransaction(funding, Network.RegTest).AddCoins(new Coin(previous, 0)).SignWithKeys(_buyer).Finalize();
        return (psbt.ExtractTransaction(), previous.Outputs[0]);
    }

    private byte[][] SignaturesInKeyOrder(TransactionSignature a, Key aKey, TransactionSignature b, Key bKey) =>
        string.CompareOrdinal(aKey.PubKey.ToHex(), bKey.PubKey.ToHex()) < 0 ? [a.ToBytes(), b.ToBytes()] : [b.ToBytes(), a.ToBytes()];

    private static Key KeyFrom(byte fill) => new(Enumerable.Repeat(fill, 32).ToArray());
}
