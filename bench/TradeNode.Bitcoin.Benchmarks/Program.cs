using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/TradeNode.Bitcoin.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(TradeNode.Bitcoin.Benchmarks.EcdsaBenchmarks).Assembly).Run(args);
