// A "CMS" that accepts connections and never answers: the front end's API timeout
// turns it into the friendly unavailable page. Usage: node tests/hanging-server.mjs PORT
import { createServer } from "node:net";

const port = Number(process.argv[2] ?? 8199);
const sockets = new Set();
createServer((socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
  socket.on("error", () => {});
}).listen(port, "127.0.0.1", () => console.log(`hanging server on ${port}`));
process.on("SIGTERM", () => process.exit(0));
