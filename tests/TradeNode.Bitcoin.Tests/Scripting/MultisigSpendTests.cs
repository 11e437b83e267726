using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Tests.Scripting;

/// <summary>A 2-of-3 P2WSH multisig output, spent with signatures made by <see cref="Key.Sign"/>.</summary>
public class MultisigSpendTests
{
    private static readonly Money Amount = Money.Satoshis(150_000);

    private readonly Key[] _keys = [KeyFrom(1), KeyFrom(2), KeyFrom(3)];
    private readonly Key _stranger = KeyFrom(4);
    private readonly Script _witnessScript;
    private readonly TxOut _spent;
    private readonly Transaction _spend;

    public MultisigSpendTests()
    {
        _witnessScript = new Script(
            Op.GetPushOp(2),
            Op.GetPushOp(_keys[0].PubKey.ToBytes()),
            Op.GetPushOp(_keys[1].PubKey.ToBytes()),
            Op.GetPushOp(_keys[2].PubKey.ToBytes()),
            Op.GetPushOp(3),
            Op.FromCode(OpcodeType.OP_CHECKMULTISIG));
        _spent = new TxOut(Amount, new Script(Op.FromCode(OpcodeType.OP_0), Op.GetPushOp(_witnessScript.WitnessHash)));
        _spend = new Transaction { Version = 2 };
        _spend.Inputs.Add(new TxIn(new OutPoint(UInt256.Parse(new string('a', 64)), 1), sequence: 0xfffffffd));
        _spend.Outputs.Add(new TxOut(Money.Satoshis(140_000), new Script(Op.FromCode(OpcodeType.OP_0), Op.GetPushOp(new byte[20]))));
    }

    [Fact]
    public void Two_of_three_signatures_in_key_order_verify()
    {
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[0]), Sign(_keys[2]), _witnessScript.ToBytes());

        var error = TransactionVerifier.VerifyInput(_spend, 0, _spent);

        Assert.Equal(ScriptError.Ok, error);
    }

    [Fact]
    public void Signatures_out_of_key_order_fail()
    {
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[2]), Sign(_keys[0]), _witnessScript.ToBytes());

        var error = TransactionVerifier.VerifyInput(_spend, 0, _spent, ScriptVerify.Mandatory);

        Assert.Equal(ScriptError.EvalFalse, error);
    }

    [Fact]
    public void One_signature_is_not_enough()
    {
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[1]), _witnessScript.ToBytes());

        Assert.Equal(ScriptError.InvalidStackOperation, TransactionVerifier.VerifyInput(_spend, 0, _spent));
    }

    [Fact]
    public void One_signature_with_an_empty_placeholder_fails()
    {
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[1]), [], _witnessScript.ToBytes());

        // Consensus rules: the check simply fails. Policy (NULLFAIL): a failed check must carry only empty signatures.
        Assert.Equal(ScriptError.EvalFalse, TransactionVerifier.VerifyInput(_spend, 0, _spent, ScriptVerify.Mandatory));
        Assert.Equal(ScriptError.SigNullFail, TransactionVerifier.VerifyInput(_spend, 0, _spent, ScriptVerify.Standard));
    }

    [Fact]
    public void A_signature_by_a_key_outside_the_script_fails()
    {
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[0]), Sign(_stranger), _witnessScript.ToBytes());

        Assert.Equal(ScriptError.EvalFalse, TransactionVerifier.VerifyInput(_spend, 0, _spent, ScriptVerify.Mandatory));
        Assert.Equal(ScriptError.SigNullFail, TransactionVerifier.VerifyInput(_spend, 0, _spent, ScriptVerify.Standard));
    }

    [Fact]
    public void Signatures_commit_to_the_spent_amount()
    {
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[0]), Sign(_keys[1]), _witnessScript.ToBytes());
        var other = new TxOut(Amount + Money.Satoshis(1), _spent.ScriptPubKey);

        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyInput(_spend, 0, _spent));
        Assert.Equal(ScriptError.SigNullFail, TransactionVerifier.VerifyInput(_spend, 0, other));
    }

    [Fact]
    public void A_witness_script_that_does_not_match_the_program_fails()
    {
        var otherScript = new Script(Op.GetPushOp(1), Op.GetPushOp(_keys[0].PubKey.ToBytes()), Op.GetPushOp(1), Op.FromCode(OpcodeType.OP_CHECKMULTISIG));
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[0]), otherScript.ToBytes());

        Assert.Equal(ScriptError.WitnessProgramMismatch, TransactionVerifier.VerifyInput(_spend, 0, _spent));
    }

    [Fact]
    public void Verify_all_reports_the_failing_input()
    {
        // Signed after the second input is added: BIP143 signatures commit to every outpoint.
        _spend.Inputs.Add(new TxIn(new OutPoint(UInt256.Parse(new string('b', 64)), 0)));
        _spend.Inputs[0].WitScript = new WitScript([], Sign(_keys[0]), Sign(_keys[1]), _witnessScript.ToBytes());
        var anyoneCanSpend = new TxOut(Money.Satoshis(1000), Script.Parse("1"));
        var unspendable = new TxOut(Money.Satoshis(1000), Script.Parse("RETURN"));

        Assert.Equal(ScriptError.Ok, TransactionVerifier.VerifyAll(_spend, [_spent, anyoneCanSpend]));
        Assert.Equal(ScriptError.OpReturn, TransactionVerifier.VerifyAll(_spend, [_spent, unspendable], ScriptVerify.Standard, out var failed));
        Assert.Equal(1, failed);
    }

    private byte[] Sign(Key key)
    {
        var hash = _spend.GetSignatureHash(_witnessScript, 0, SigHash.All, Amount, HashVersion.WitnessV0);
        return [.. key.Sign(hash).ToDER(), (byte)SigHash.All];
    }

    private static Key KeyFrom(byte seed)
    {
        var secret = new byte[32];
        secret[31] = seed;
        secret[0] = 0x42;
        return new Key(secret);
    }
}
