// Placeholder for commands whose feature lands in a later issue: says so and fails.
const [command = 'this command', issue = 'a later issue'] = process.argv.slice(2);
console.error(`\`npm run ${command}\` is not implemented yet (it arrives with ${issue}).`);
process.exit(2);
