using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Tests;

/// <summary>Keys and signing for the tests: P2WPKH and P2WSH spends signed with BIP143.</summary>
public sealed class TestWallet
{
    public Key MinerKey { get; } = new();

    public Script MinerScript => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(MinerKey.PubKey);

    /// <summary>Mines 101 blocks to the miner so that the first coinbase (50 BTC) is spendable; returns its outpoint.</summary>
    public OutPoint MatureCoinbase(RegtestChain chain, int index = 0)
    {
        var start = chain.Height;
        chain.Generate(101 + index, MinerScript);
        var block = chain.GetBlock(start + 1 + index)!.Block;
        return new OutPoint(block.Transactions[0].GetHash(), 0);
    }

    public static Script P2wpkh(Key key) => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(key.PubKey);

    /// <summary>A version-2 transaction spending one coin to the given outputs (unsigned).</summary>
    public static Transaction Build(OutPoint input, IEnumerable<TxOut> outputs, uint sequence = TxIn.SequenceFinal - 2, uint lockTime = 0)
    {
        var tx = new Transaction { Version = 2, LockTime = lockTime };
        tx.Inputs.Add(new TxIn(input, sequence: sequence));
        tx.Outputs.AddRange(outputs);
        return tx;
    }

    public static byte[] Sign(Transaction tx, int index, Script scriptCode, Money amount, Key key)
    {
        var hash = tx.GetSignatureHash(scriptCode, index, SigHash.All, amount, HashVersion.WitnessV0);
        return [.. key.Sign(hash).ToDER(), (byte)SigHash.All];
    }

    public static void SignP2wpkh(Transaction tx, int index, Money amount, Key key)
    {
        var scriptCode = PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(key.PubKey);
        tx.Inputs[index].WitScript = new WitScript(Sign(tx, index, scriptCode, amount, key), key.PubKey.ToBytes());
    }

    /// <summary>Spends a P2WPKH coin of <paramref name="value"/> to <paramref name="to"/>, paying <paramref name="fee"/>.</summary>
    public static Transaction SpendP2wpkh(OutPoint coin, Money value, Key key, Script to, Money fee, uint sequence = TxIn.SequenceFinal - 2)
    {
        var tx = Build(coin, [new TxOut(value - fee, to)], sequence);
        SignP2wpkh(tx, 0, value, key);
        return tx;
    }

    public Transaction SpendCoinbase(OutPoint coinbase, Script to, Money fee) =>
        SpendP2wpkh(coinbase, Money.Coins(50m), MinerKey, to, fee);
}
