using Dispatch.Api.Hosting;
using JasperFx;

var app = DispatchApp.Build(args);
return await app.RunJasperFxCommands(args);
