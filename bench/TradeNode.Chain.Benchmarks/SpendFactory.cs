using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Benchmarks;

/// <summary>
/// Prepares a chain holding many mature P2WPKH coins of one key (coinbases split into thousands of outputs) and
/// signs one-input, one-output spends of them, so the measured part is validation only.
/// </summary>
internal sealed class SpendFactory
{
    /// <summary>Outputs per split transaction: about 100k weight units, well under the 400k standard limit.</summary>
    private const int OutputsPerSplit = 2_500;

    private static readonly Money CoinValue = Money.Satoshis(1_000_000);

    private readonly Key _key = new();

    public Script ScriptPubKey => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(_key.PubKey);

    public PubKey PubKey => _key.PubKey;

    /// <summary>Mines and splits until <paramref name="count"/> coins of 0.01 BTC are confirmed; returns them.</summary>
    public List<OutPoint> CreateCoins(RegtestChain chain, int count)
    {
        var splits = (count + OutputsPerSplit - 1) / OutputsPerSplit;
        chain.Generate(splits + 100, ScriptPubKey);
        var coins = new List<OutPoint>(count);
        for (var s = 0; s < splits; s++)
        {
            var coinbase = chain.GetBlock(s + 1)!.Block.Transactions[0];
            var split = new Transaction();
            split.Inputs.Add(new TxIn(new OutPoint(coinbase.GetHash(), 0)));
            var outputs = Math.Min(OutputsPerSplit, count - coins.Count);
            for (var i = 0; i < outputs; i++)
            {
                split.Outputs.Add(new TxOut(CoinValue, ScriptPubKey));
            }

            split.Outputs.Add(new TxOut(coinbase.Outputs[0].Value - (CoinValue * outputs) - Money.Satoshis(200_000), ScriptPubKey));
            Sign(split, coinbase.Outputs[0].Value);
            chain.AcceptToMempool(split);
            coins.AddRange(Enumerable.Range(0, outputs).Select(i => new OutPoint(split.GetHash(), (uint)i)));
        }

        while (chain.GetMempoolTxids().Count > 0)
        {
            chain.Generate(1, ScriptPubKey);
        }

        return coins;
    }

    /// <summary>One signed spend per coin, each paying 1,000 sat of fee back to the same key.</summary>
    public List<Transaction> SignSpends(IEnumerable<OutPoint> coins) =>
        coins.Select(coin =>
        {
            var tx = new Transaction();
            tx.Inputs.Add(new TxIn(coin, sequence: TxIn.SequenceFinal - 2));
            tx.Outputs.Add(new TxOut(CoinValue - Money.Satoshis(1_000), ScriptPubKey));
            Sign(tx, CoinValue);
            return tx;
        }).ToList();

    /// <summary>The BIP143 hash a verifier of input 0 recomputes.</summary>
    public UInt256 SignatureHash(Transaction tx) =>
        tx.GetSignatureHash(PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(_key.PubKey), 0, SigHash.All, CoinValue, HashVersion.WitnessV0);

    private void Sign(Transaction tx, Money amount)
    {
        var scriptCode = PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(_key.PubKey);
        var hash = tx.GetSignatureHash(scriptCode, 0, SigHash.All, amount, HashVersion.WitnessV0);
        tx.Inputs[0].WitScript = new WitScript([.. _key.Sign(hash).ToDER(), (byte)SigHash.All], _key.PubKey.ToBytes());
    }
}
