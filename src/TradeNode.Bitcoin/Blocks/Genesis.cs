using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Blocks;

/// <summary>The genesis block of each network, built exactly as Bitcoin Core's CreateGenesisBlock.</summary>
public static class Genesis
{
    private const string TimestampScriptSig =
        "04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73";

    private const string OutputScript =
        "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac";

    /// <summary>A fresh copy of <paramref name="network"/>'s genesis block.</summary>
    public static Block Create(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var (time, nonce, bits) = network.ChainName switch
        {
            ChainName.Main => (1231006505u, 2083236893u, 0x1d00ffffu),
            ChainName.TestNet => (1296688602u, 414098458u, 0x1d00ffffu),
            ChainName.SigNet => (1598918400u, 52613770u, 0x1e0377aeu),
            ChainName.RegTest => (1296688602u, 2u, 0x207fffffu),
            _ => throw new ArgumentOutOfRangeException(nameof(network), $"No genesis block is known for {network}."),
        };

        var coinbase = new Transaction { Version = 1 };
        coinbase.Inputs.Add(new TxIn(OutPoint.Null, new Script(Encoders.Hex.Decode(TimestampScriptSig)), uint.MaxValue));
        coinbase.Outputs.Add(new TxOut(Money.Coins(50m), new Script(Encoders.Hex.Decode(OutputScript))));
        var block = new Block(new BlockHeader { Version = 1, Time = time, Nonce = nonce, Bits = new Target(bits) });
        block.Transactions.Add(coinbase);
        block.UpdateMerkleRoot();
        return block;
    }
}
