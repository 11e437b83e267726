namespace TradeNode.Bitcoin;

public enum ChainName
{
    Main,
    TestNet,
    SigNet,
    RegTest,
}
