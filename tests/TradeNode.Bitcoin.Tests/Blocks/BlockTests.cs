using System.Numerics;
using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Bitcoin.Tests.Blocks;

public class BlockTests
{
    [Theory]
    [InlineData("main", "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")]
    [InlineData("testnet", "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943")]
    [InlineData("signet", "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6")]
    [InlineData("regtest", "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206")]
    public void Genesis_blocks_hash_as_in_Bitcoin_Core(string network, string expectedHash)
    {
        var genesis = Genesis.Create(Network.GetNetwork(network));

        Assert.Equal(expectedHash, genesis.GetHash().ToString());
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", genesis.Header.HashMerkleRoot.ToString());
        Assert.True(genesis.Header.CheckProofOfWork());
        Assert.Null(genesis.Check());
    }

    [Fact]
    public void Block_serialization_round_trips_and_header_is_80_bytes()
    {
        var genesis = Genesis.Create(Network.RegTest);
        var bytes = genesis.ToBytes();

        var parsed = Block.FromBytes(bytes);

        Assert.Equal(285, bytes.Length);
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(genesis.GetHash(), parsed.GetHash());
        Assert.Equal(BlockHeader.Size, genesis.Header.ToBytes().Length);
        Assert.Equal(genesis.GetHash(), BlockHeader.Parse(genesis.Header.ToHex()).GetHash());
    }

    [Fact]
    public void Malformed_blocks_are_refused_with_a_sentence()
    {
        var bytes = Genesis.Create(Network.RegTest).ToBytes();

        var truncated = Assert.Throws<FormatException>(() => Block.FromBytes(bytes.AsMemory(0, bytes.Length - 1)));
        var extended = Assert.Throws<FormatException>(() => Block.FromBytes(bytes.Concat(new byte[] { 0 }).ToArray()));
        var tiny = Assert.Throws<FormatException>(() => Block.FromBytes(bytes.AsMemory(0, 40)));

        Assert.All(new[] { truncated, extended, tiny }, e => Assert.EndsWith(".", e.Message));
        Assert.False(Block.TryParse("zz", out _));
        Assert.False(Block.TryParse(Convert.ToHexString(bytes)[..100], out _));
        Assert.False(BlockHeader.TryParse("00", out _));
    }

    [Fact]
    public void Check_reports_Core_reasons()
    {
        // Mainnet's target is hard enough that a changed nonce cannot meet it by chance.
        var genesis = Genesis.Create(Network.Main);

        genesis.Header.Nonce++;
        Assert.Equal("high-hash", genesis.Check());
        Assert.Null(genesis.Check(checkProofOfWork: false));

        genesis.Header.HashMerkleRoot = UInt256.One;
        Assert.Equal("bad-txnmrklroot", genesis.Check(checkProofOfWork: false));

        var noCoinbase = Genesis.Create(Network.RegTest);
        var spend = new Transaction();
        spend.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        spend.Outputs.Add(new TxOut(Money.Satoshis(1), Script.Empty));
        noCoinbase.Transactions.Insert(0, spend);
        noCoinbase.UpdateMerkleRoot();
        Assert.Equal("bad-cb-missing", noCoinbase.Check(checkProofOfWork: false));

        var twoCoinbases = Genesis.Create(Network.RegTest);
        twoCoinbases.Transactions.Add(Genesis.Create(Network.Main).Transactions[0]);
        twoCoinbases.Transactions[1].LockTime = 1;
        twoCoinbases.UpdateMerkleRoot();
        Assert.Equal("bad-cb-multiple", twoCoinbases.Check(checkProofOfWork: false));
    }

    [Fact]
    public void Duplicated_trailing_transactions_are_detected_as_a_mutated_merkle_tree()
    {
        var block = Genesis.Create(Network.RegTest);
        for (var i = 0; i < 2; i++)
        {
            var tx = new Transaction { LockTime = (uint)i };
            tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, (uint)i)));
            tx.Outputs.Add(new TxOut(Money.Satoshis(1000), Script.Empty));
            block.Transactions.Add(tx);
        }

        block.UpdateMerkleRoot();
        var root = block.Header.HashMerkleRoot;
        block.Transactions.Add(block.Transactions[^1]);

        Assert.Equal(root, block.GetMerkleRoot(out var mutated));
        Assert.True(mutated);
        Assert.Equal("bad-txns-duplicate", block.Check(checkProofOfWork: false));
    }

    [Fact]
    public void Witness_commitment_is_found_in_the_coinbase()
    {
        var block = Genesis.Create(Network.RegTest);
        Assert.Equal(-1, block.GetWitnessCommitmentIndex());

        var commitment = Block.CreateWitnessCommitmentScript(block.GetWitnessMerkleRoot(), new byte[32]);
        block.Transactions[0].Outputs.Add(new TxOut(Money.Zero, commitment));

        Assert.Equal(1, block.GetWitnessCommitmentIndex());
        Assert.Equal(38, commitment.Length);
        Assert.Equal("6a24aa21a9ed", commitment.ToHex()[..12]);
    }

    // Cases from Bitcoin Core's arith_uint256_tests (bignum_SetCompact).
    [Theory]
    [InlineData(0x00000000u, "0", 0x00000000u)]
    [InlineData(0x00123456u, "0", 0x00000000u)]
    [InlineData(0x01003456u, "0", 0x00000000u)]
    [InlineData(0x02000056u, "0", 0x00000000u)]
    [InlineData(0x01123456u, "12", 0x01120000u)]
    [InlineData(0x02123456u, "1234", 0x02123400u)]
    [InlineData(0x03123456u, "123456", 0x03123456u)]
    [InlineData(0x04123456u, "12345600", 0x04123456u)]
    [InlineData(0x05009234u, "92340000", 0x05009234u)]
    [InlineData(0x20123456u, "1234560000000000000000000000000000000000000000000000000000000000", 0x20123456u)]
    public void Compact_targets_expand_and_compress_as_Core(uint compact, string expandedHex, uint recompacted)
    {
        var target = new Target(compact);
        var expanded = BigInteger.Parse("0" + expandedHex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expanded, target.ToBigInteger());
        Assert.Equal(recompacted, Target.FromBigInteger(expanded).Compact);
    }

    [Fact]
    public void Negative_and_overflowing_compact_targets_are_never_met()
    {
        Assert.True(new Target(0x04923456).IsNegative);
        Assert.True(new Target(0xff123456).IsOverflow);
        Assert.False(new Target(0x04923456).IsMetBy(UInt256.Zero));
        Assert.False(new Target(0xff123456).IsMetBy(UInt256.Zero));
        Assert.True(new Target(0x207fffff).IsMetBy(UInt256.One));
    }
}
