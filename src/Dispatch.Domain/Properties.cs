using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Dispatch.Domain.Tests")]
