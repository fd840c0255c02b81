// Passage's service worker. Pages hold people's data: they are never cached, only the
// static assets and the offline page, so a seized phone's cache shows no one.
const CACHE = "passage-static-v2";
const OFFLINE = "{{ url_for('phone.offline') }}";
const ASSETS = [
  OFFLINE,
  "{{ url_for('static', filename='css/passage.css') }}",
  "{{ url_for('static', filename='js/passage.js') }}",
  "{{ url_for('static', filename='icons/passage.svg') }}",
  "{{ url_for('static', filename='icons/passage-192.png') }}",
];

self.addEventListener("install", (event) => {
  // Fetched without cookies: what is kept is what anyone would see, whoever is logged in.
  const anonymous = ASSETS.map((url) => new Request(url, {credentials: "omit"}));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(anonymous)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((name) => name !== CACHE).map((name) => caches.delete(name))
  )).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Always from the network; without one, the offline page and nothing personal.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

self.addEventListener("push", (event) => {
  let data = {title: "Passage", body: "", url: "/"};
  try {
    data = Object.assign(data, event.data ? event.data.json() : {});
  } catch (error) {
    // A payload that is not ours shows the bare announcement.
  }
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body,
    icon: "{{ url_for('static', filename='icons/passage-192.png') }}",
    data: {url: data.url},
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.url || "/", self.location.origin);
  if (target.origin === self.location.origin) {
    event.waitUntil(self.clients.openWindow(target.href));
  }
});
