using TradeNode.Commands;

return TradeNodeCli.Run(args, Console.In, Console.Out, Console.Error);
