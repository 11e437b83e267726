using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Tests.Fees;

public class TransactionSizeEstimatorTests
{
    [Fact]
    public void Estimate_of_a_p2wpkh_spend_bounds_the_signed_size_within_one_vbyte()
    {
        var key = new Key();
        var scriptPubKey = new Script(Op.GetPushOp(0), Op.GetPushOp(key.PubKey.Hash160));
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 1)));
        tx.Outputs.Add(new TxOut(Money.Satoshis(50_000), scriptPubKey));
        tx.Outputs.Add(new TxOut(Money.Satoshis(40_000), scriptPubKey));
        var estimate = TransactionSizeEstimator.EstimateVirtualSize(tx, [new(InputSpendKind.P2WPKH), new(InputSpendKind.P2WPKH)]);

        // Sign both inputs for real (BIP143 with the P2PKH-shaped script code) and measure.
        var scriptCode = new Script(
            Op.FromCode(OpcodeType.OP_DUP), Op.FromCode(OpcodeType.OP_HASH160), Op.GetPushOp(key.PubKey.Hash160),
            Op.FromCode(OpcodeType.OP_EQUALVERIFY), Op.FromCode(OpcodeType.OP_CHECKSIG));
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var hash = tx.GetSignatureHash(scriptCode, i, SigHash.All, Money.Satoshis(100_000), HashVersion.WitnessV0);
            var signature = key.Sign(hash).ToDER().Append((byte)SigHash.All).ToArray();
            tx.Inputs[i].WitScript = new WitScript(signature, key.PubKey.ToBytes());
        }

        var actual = tx.GetVirtualSize();
        Assert.InRange(estimate, actual, actual + 2);
    }

    [Fact]
    public void Escrow_payout_estimate_counts_two_signatures_and_the_witness_script()
    {
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        tx.Outputs.Add(new TxOut(Money.Satoshis(50_000), new Script(Op.GetPushOp(0), Op.GetPushOp(new byte[20]))));

        var (scriptSig, witness) = TransactionSizeEstimator.EstimateInput(EstimatedInput.Multisig(InputSpendKind.P2WSHMultisig, 2, 3));
        var vsize = TransactionSizeEstimator.EstimateVirtualSize(tx, [EstimatedInput.Multisig(InputSpendKind.P2WSHMultisig, 2, 3)]);

        // Witness: count(1) + empty dummy(1) + 2 × (1 + 72) + length(1) + script(1 + 3×34 + 1 + 1 = 105).
        Assert.Equal(0, scriptSig);
        Assert.Equal(1 + 1 + 146 + 1 + 105, witness);
        // Base: 4 + 4 + 1 + 1 + input 41 + output 31 = 82 bytes → 328 WU, + 2 marker/flag + 254 witness = 584 WU.
        Assert.Equal(146, vsize);
    }

    [Fact]
    public void Estimate_refuses_a_spend_type_list_of_the_wrong_length()
    {
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));

        Assert.Throws<ArgumentException>(() => TransactionSizeEstimator.EstimateVirtualSize(tx, []));
    }
}
